using System.Text;

namespace ScaleMeet.LoadTest.Reports;

/// <summary>
/// Escaping for the report's markup. The report is written as well-formed XML-compatible HTML5 (every element
/// closed, no named entities but the five XML ones), so the same text is valid in HTML, inline SVG and attributes.
/// Stateless; safe from any thread.
/// </summary>
internal static class Html
{
    /// <summary>Appends <paramref name="text"/> with <c>&amp; &lt; &gt; " '</c> escaped; control characters other than tab and newline are dropped.</summary>
    public static StringBuilder AppendEscaped(this StringBuilder sb, string? text)
    {
        if (text is null)
            return sb;
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                case '\t' or '\n' or '\r': sb.Append(c); break;
                // XML 1.0 forbids these outright; a server error message must not break the document.
                case < ' ' or '\uFFFE' or '\uFFFF': break;
                default: sb.Append(c); break;
            }
        }
        return sb;
    }

    /// <summary>The escaped form of <paramref name="text"/>.</summary>
    public static string Escape(string? text) => new StringBuilder().AppendEscaped(text).ToString();
}
