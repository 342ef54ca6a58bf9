using ScaleMeet.LoadTest.Reports;

namespace ScaleMeet.LoadTest.Tests.Reports;

public sealed class HtmlEscapeTests
{
    [Theory]
    [InlineData("<b>&\"'", "&lt;b&gt;&amp;&quot;&#39;")]
    [InlineData("a\u0000b\u001Bc", "abc")] // control characters would make the document invalid XML
    [InlineData("tab\tnew\nline", "tab\tnew\nline")]
    [InlineData("Zürich – 東京", "Zürich – 東京")]
    [InlineData(null, "")]
    public void Escape_Text_IsSafeInMarkupAndAttributes(string? text, string expected)
    {
        Assert.Equal(expected, Html.Escape(text));
    }

    [Theory]
    [InlineData(null, "—")]
    [InlineData(double.NaN, "—")]
    [InlineData(double.PositiveInfinity, "—")]
    [InlineData(1234.56, "1235")]
    [InlineData(56.78, "56.8")]
    [InlineData(1.734, "1.73")]
    [InlineData(0.0661, "0.066")]
    [InlineData(-0.0001, "0.000")]
    [InlineData(3.0, "3")]
    [InlineData(0.0, "0")]
    public void Auto_Value_HasAboutThreeSignificantDigits(double? value, string expected)
    {
        Assert.Equal(expected, ReportNumber.Auto(value));
    }
}
