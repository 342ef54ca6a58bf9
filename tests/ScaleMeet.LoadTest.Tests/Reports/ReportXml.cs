using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace ScaleMeet.LoadTest.Tests.Reports;

/// <summary>Reads the HTML report as XML (it is written well-formed) so tests can look at its structure.</summary>
internal static class ReportXml
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Parses the document; throws <see cref="XmlException"/> when it is not well-formed.</summary>
    public static XDocument Parse(string html)
    {
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }

    public static XElement Panel(XDocument doc, string id) =>
        doc.Descendants("figure").Single(f => (string?)f.Attribute("id") == "panel-" + id);

    /// <summary>Per polyline of the panel, in document order: its series label and number of points.</summary>
    public static List<(string Series, int Points)> Lines(XElement panel) =>
        panel.Descendants(Svg + "polyline")
            .Select(p => ((string?)p.Attribute("data-series") ?? "", ((string?)p.Attribute("points") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Length))
            .ToList();

    /// <summary>The y-axis tick labels, as numbers, ascending.</summary>
    public static List<double> YTicks(XElement panel) =>
        panel.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "ytick")
            .Select(t => double.Parse(t.Value, CultureInfo.InvariantCulture)).Order().ToList();
}
