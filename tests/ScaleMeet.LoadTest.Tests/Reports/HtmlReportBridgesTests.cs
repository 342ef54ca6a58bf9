using ScaleMeet.LoadTest.Reports;
using ScaleMeet.LoadTest.Results;
using static ScaleMeet.LoadTest.Tests.Reports.ReportXml;

namespace ScaleMeet.LoadTest.Tests.Reports;

/// <summary>The report of a run against a focus with a pool: the placement table and one line per bridge.</summary>
public sealed class HtmlReportBridgesTests
{
    private static LoadResults PoolRun()
    {
        var run = SampleResults.Run();
        BridgeSample Sample(int t, double stress, int participants) => new()
        {
            T = t, State = t < 9 ? "Active" : "Lost", CpuCores = 0.1 * t, RssMb = 80 + t, Stress = stress, Participants = participants, Conferences = 1,
        };
        return run with
        {
            Participants = [.. run.Participants.Select((p, i) => p with { Bridge = i == 0 ? "b1" : "b<2>", MediaAddress = "127.0.0.1:1000" + i })],
            Bridges =
            [
                new BridgeResult
                {
                    Id = "b1", Region = "eu", MediaAddresses = ["127.0.0.1:10000"], Rooms = ["room <0>"], Participants = 1, CpuCores = 0.25, PeakRssMb = 89,
                    PeakStress = 0.3, Samples = [.. Enumerable.Range(0, 10).Select(t => Sample(t, 0.03 * t, 1))],
                },
                new BridgeResult
                {
                    Id = "b<2>", Region = "", MediaAddresses = ["127.0.0.1:10001"], Rooms = ["room <0>"], Participants = 2, CpuCores = null, PeakRssMb = null,
                    PeakStress = 0.5, Samples = [.. Enumerable.Range(0, 10).Select(t => Sample(t, 0.05 * t, 2) with { CpuCores = null, RssMb = null })],
                },
            ],
        };
    }

    [Fact]
    public void Render_PoolRun_PlacementTableRowPerBridgeWithRegionStateAndPeaks()
    {
        var doc = Parse(HtmlReport.Render(PoolRun()));

        var rows = doc.Descendants("table").Single(t => (string?)t.Attribute("class") == "bridges")
            .Element("tbody")!.Elements("tr").Select(r => r.Elements("td").Select(td => td.Value).ToArray()).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.Equal(["b1", "eu", "Lost", "1", "1", "room <0>", "0.250", "89.0", "0.300"], rows[0]);
        Assert.Equal(["b<2>", "—", "Lost", "2", "1", "room <0>", "—", "—", "0.500"], rows[1]);
    }

    [Fact]
    public void Render_PoolRun_OnePanelLinePerBridgeAndCpuNotMeasuredForTheEmbeddedOne()
    {
        var doc = Parse(HtmlReport.Render(PoolRun()));

        Assert.Equal(["b1", "b<2>"], Lines(Panel(doc, "bridge-stress")).Select(l => l.Series).Distinct().Order(StringComparer.Ordinal).ToArray());
        Assert.All(Lines(Panel(doc, "bridge-stress")), l => Assert.Equal(10, l.Points));
        Assert.Equal([("b1", 10)], Lines(Panel(doc, "bridge-cpu")));
        Assert.Equal(2, Lines(Panel(doc, "bridge-participants")).Count);
    }

    [Fact]
    public void Render_PoolRun_ParticipantsShowTheirBridge()
    {
        var doc = Parse(HtmlReport.Render(PoolRun()));

        var table = doc.Descendants("table").Single(t => (string?)t.Attribute("class") == "participants");
        var column = table.Element("thead")!.Descendants("th").Select(th => th.Value).ToList().IndexOf("Bridge");
        var bridges = table.Element("tbody")!.Elements("tr").Select(r => r.Elements("td").ElementAt(column).Value).ToArray();
        Assert.Equal(["b1", "b<2>", "b<2>"], bridges);
    }

    [Fact]
    public void Render_RunWithoutPool_HasNoBridgeSection()
    {
        var html = HtmlReport.Render(SampleResults.Run());

        Assert.DoesNotContain("id=\"bridges\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("panel-bridge-", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_PoolRun_RoundTripsBridgesAndPlacement()
    {
        var run = PoolRun();

        var back = ResultsJson.Deserialize(ResultsJson.Serialize(run))!;

        Assert.Equal(["b1", "b<2>"], back.Bridges.Select(b => b.Id));
        Assert.Equal(run.Bridges[0].Samples, back.Bridges[0].Samples);
        Assert.Equal(["b1", "b<2>", "b<2>"], back.Participants.Select(p => p.Bridge));
        Assert.Equal("127.0.0.1:10000", back.Participants[0].MediaAddress);
    }
}
