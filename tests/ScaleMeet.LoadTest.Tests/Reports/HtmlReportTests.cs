using ScaleMeet.LoadTest.Reports;
using static ScaleMeet.LoadTest.Tests.Reports.ReportXml;

namespace ScaleMeet.LoadTest.Tests.Reports;

public sealed class HtmlReportTests
{
    private static readonly string[] PanelIds = ["cpu", "ram", "stress", "bitrate", "rtt", "loss", "participants"];

    [Fact]
    public void Render_SampleRun_IsWellFormedAndSelfContained()
    {
        string html = HtmlReport.Render(SampleResults.Run());

        var doc = Parse(html); // throws on any unclosed element or stray '&'
        Assert.Equal("html", doc.Root!.Name.LocalName);
        Assert.Equal(CountOf(html, "<svg"), CountOf(html, "</svg>"));
        Assert.Equal(6, doc.Descendants(Svg + "svg").Count()); // every panel but the all-null stress one
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain(" src=", html);
        Assert.DoesNotContain("url(", html);
        Assert.DoesNotContain("@import", html);
    }

    [Fact]
    public void Render_HostileParticipantNameAndError_AreEscaped()
    {
        string html = HtmlReport.Render(SampleResults.Run());

        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co", html);
        Assert.Contains("ICE failed: &lt;timeout&gt; &amp; &quot;retry&quot;", html);
        var cells = Parse(html).Descendants("td").Select(td => td.Value).ToList();
        Assert.Contains(SampleResults.HostileName, cells);
        Assert.Contains(SampleResults.HostileError, cells);
        Assert.Contains("room <0>", cells);
    }

    [Fact]
    public void Render_HostileTarget_IsEscapedInHeader()
    {
        string html = HtmlReport.Render(SampleResults.Run(system: "janus"));

        Assert.Contains("janus://127.0.0.1:8188/?a=&lt;b&gt;&amp;c", html);
        Assert.Contains("janus://127.0.0.1:8188/?a=<b>&c", Parse(html).Descendants("dd").Select(d => d.Value));
    }

    [Fact]
    public void Render_Header_ShowsRunFacts()
    {
        var dds = Parse(HtmlReport.Render(SampleResults.Run())).Descendants("div")
            .Where(d => d.Element("dt") is not null).ToDictionary(d => d.Element("dt")!.Value, d => d.Element("dd")!.Value);

        Assert.Equal("S1", dds["Scenario"]);
        Assert.Equal("http://127.0.0.1:8080", dds["Target"]);
        Assert.Equal("scalemeet", dds["System"]);
        Assert.Equal("2025-03-14 09:26:53 +00:00", dds["Started"]);
        Assert.Equal("7 s of measurement", dds["Duration"]);
        Assert.Equal("1 × 3 (3 participants)", dds["Conferences × participants"]);
        Assert.Equal("3", dds["Senders per conference"]);
        Assert.Equal("no", dds["Interrupted"]);
    }

    [Fact]
    public void Render_Interrupted_ShowsWarningAndFlag()
    {
        var doc = Parse(HtmlReport.Render(SampleResults.Run(interrupted: true)));

        Assert.Contains(doc.Descendants("p"), p => (string?)p.Attribute("class") == "warning" && p.Value.Contains("stopped early"));
        Assert.Contains(doc.Descendants("dd"), d => d.Value.StartsWith("yes"));
    }

    [Fact]
    public void Render_SummaryTable_ShowsFiguresWithUnits()
    {
        var rows = Parse(HtmlReport.Render(SampleResults.Run())).Descendants("table").First(t => (string?)t.Attribute("class") == "summary")
            .Element("tbody")!.Elements("tr").ToDictionary(r => r.Element("th")!.Value, r => r.Elements("td").Select(td => td.Value).ToArray());

        Assert.Equal(["", "2 / 3"], rows["Participants connected"]);
        Assert.Equal(["cores", "0.450"], rows["Server CPU"]);
        Assert.Equal(["ms/Mbit", "5.20"], rows["Server CPU per forwarded Mbit"]);
        Assert.Equal(["MB", "29.0"], rows["Server RSS, peak"]);
        Assert.Equal(["Mbit/s", "4.25"], rows["Forwarded (server in + out)"]);
        Assert.Equal(["milli-cores", "42.0"], rows["Load generator per participant"]);
    }

    [Fact]
    public void Render_EveryPanel_IsPresentWithItsTitle()
    {
        var doc = Parse(HtmlReport.Render(SampleResults.Run()));

        string[] titles = ["Server CPU", "Server RAM (resident)", "Stress", "Bitrate", "Round-trip time", "Packet loss", "Participants"];
        foreach (var (id, title) in PanelIds.Zip(titles))
            Assert.Equal(title, Panel(doc, id).Element("figcaption")!.Elements("span").First().Value);
        Assert.Equal("(kbit/s)", Panel(doc, "bitrate").Descendants("span").Single(s => (string?)s.Attribute("class") == "unit").Value);
    }

    [Fact]
    public void Render_NullSample_SplitsLineAndPointsMatchNonNullSamples()
    {
        var doc = Parse(HtmlReport.Render(SampleResults.Run()));

        Assert.Equal([("server CPU", 4), ("server CPU", 5)], Lines(Panel(doc, "cpu")));
        Assert.Equal([("RTT", 3), ("RTT", 4)], Lines(Panel(doc, "rtt")));
        Assert.Equal(SampleResults.Rtt.Count(v => v is not null), Lines(Panel(doc, "rtt")).Sum(l => l.Points));
        Assert.Equal([("server RSS", 10)], Lines(Panel(doc, "ram")));
    }

    [Fact]
    public void Render_LoneSampleBetweenGaps_IsDrawnAsAOnePointLineWithADot()
    {
        var run = SampleResults.Run();
        run = run with { Server = run.Server.Select(s => s with { CpuCores = s.T == 5 ? 0.8 : null }).ToArray() };

        var cpu = Panel(Parse(HtmlReport.Render(run)), "cpu");

        Assert.Equal([("server CPU", 1)], Lines(cpu));
        Assert.Single(cpu.Descendants(Svg + "circle"));
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8], YTicks(cpu));
    }

    [Fact]
    public void Render_NonFiniteValues_AreGapsNotZeros()
    {
        var run = SampleResults.Run();
        run = run with { Server = run.Server.Select(s => s with { RssMb = s.T == 2 ? double.NaN : s.T == 6 ? double.PositiveInfinity : s.RssMb }).ToArray() };

        var ram = Panel(Parse(HtmlReport.Render(run)), "ram");

        Assert.Equal([("server RSS", 2), ("server RSS", 3), ("server RSS", 3)], Lines(ram));
    }

    [Fact]
    public void Render_TwoSeriesPanels_HaveBothLinesAndALegend()
    {
        var doc = Parse(HtmlReport.Render(SampleResults.Run()));

        var bitrate = Panel(doc, "bitrate");
        Assert.Equal([("up (server sent)", 10), ("down (server received)", 10)], Lines(bitrate));
        Assert.Equal(2, bitrate.Descendants(Svg + "g").Count(g => (string?)g.Attribute("class") == "legend"));
        // Server-reported participants are null for t < 3: the line starts at the fourth sample.
        Assert.Equal([("connected (synthetic)", 10), ("server-reported", 7)], Lines(Panel(doc, "participants")));
    }

    [Fact]
    public void Render_YAxis_TopLabelCoversTheDataMaximum()
    {
        var doc = Parse(HtmlReport.Render(SampleResults.Run()));

        Assert.Equal([0, 0.5, 1, 1.5, 2], YTicks(Panel(doc, "cpu"))); // max 1.73 cores
        Assert.Equal(30, YTicks(Panel(doc, "ram")).Max()); // max 29 MB
        Assert.Equal([0, 1000, 2000, 3000, 4000], YTicks(Panel(doc, "bitrate"))); // max 3250 kbit/s (up at t = 9)
        Assert.Equal(50, YTicks(Panel(doc, "rtt")).Max()); // max 40.2 ms, step 10
        Assert.Contains(Panel(doc, "cpu").Descendants("span"), s => s.Value == "max 1.73");
    }

    [Fact]
    public void Render_AllNullPanel_SaysNotMeasured()
    {
        var doc = Parse(HtmlReport.Render(SampleResults.Run()));

        var stress = Panel(doc, "stress");
        Assert.Empty(stress.Descendants(Svg + "svg"));
        Assert.Equal("not measured", stress.Element("p")!.Value);
        Assert.DoesNotContain(Panel(doc, "cpu").Descendants("p"), p => p.Value == "not measured");
    }

    [Fact]
    public void Render_StressMeasured_DrawsTheStressPanel()
    {
        var doc = Parse(HtmlReport.Render(SampleResults.Run(stress: true)));

        Assert.Equal([("stress", 10)], Lines(Panel(doc, "stress")));
    }

    [Fact]
    public void Render_HoverBands_ListTheValuesOfEachSecond()
    {
        var titles = Panel(Parse(HtmlReport.Render(SampleResults.Run())), "cpu").Descendants(Svg + "rect")
            .Where(r => (string?)r.Attribute("class") == "hover").Select(r => r.Element(Svg + "title")!.Value).ToList();

        Assert.Equal(10, titles.Count);
        Assert.Equal("t = 4 s: —", titles[4]);
        Assert.Equal("t = 7 s: 1.73 cores", titles[7]);
    }

    [Fact]
    public void Render_ParticipantTable_HasOneRowPerParticipant()
    {
        var results = SampleResults.Run();
        var table = Parse(HtmlReport.Render(results)).Descendants("table").Single(t => (string?)t.Attribute("class") == "participants");

        var rows = table.Element("tbody")!.Elements("tr").ToList();
        Assert.Equal(results.Participants.Count, rows.Count);
        Assert.Equal(results.Participants.Select(p => p.Name), rows.Select(r => r.Elements("td").First().Value));
        var failed = Assert.Single(rows, r => (string?)r.Attribute("class") == "failed");
        var cells = failed.Elements("td").Select(td => td.Value).ToArray();
        Assert.Equal(["carol", "room <0>", "", "yes", "no", "—", "—", "0 / 2"], cells[..8]);
        Assert.Equal(table.Element("thead")!.Descendants("th").Count(), cells.Length);
    }

    [Fact]
    public void Render_NoSamplesNoParticipants_RendersEveryPanelAsNotMeasured()
    {
        var empty = SampleResults.Run() with { Server = [], Participants = [] };

        var doc = Parse(HtmlReport.Render(empty));

        Assert.All(PanelIds, id => Assert.Equal("not measured", Panel(doc, id).Element("p")!.Value));
        Assert.Empty(doc.Descendants(Svg + "svg"));
    }

    [Fact]
    public void RenderComparison_TwoSystems_OverlaysOneLinePerRunInEachPanel()
    {
        var runs = new[] { SampleResults.Run(), SampleResults.Run(system: "janus", cpuSecondsPerMbit: 0.0104) };

        string html = HtmlReport.RenderComparison(runs);

        var doc = Parse(html);
        Assert.Equal([("scalemeet", 4), ("scalemeet", 5), ("janus", 4), ("janus", 5)], Lines(Panel(doc, "cpu")));
        Assert.Equal(["scalemeet up (server sent)", "scalemeet down (server received)", "janus up (server sent)", "janus down (server received)"],
            Lines(Panel(doc, "bitrate")).Select(l => l.Series));
        Assert.Equal("not measured", Panel(doc, "stress").Element("p")!.Value);
        Assert.Equal(2, doc.Descendants("details").Count());
        Assert.DoesNotContain("<script>alert", html);
        var summaryHeads = doc.Descendants("table").First().Element("thead")!.Descendants("th").Select(th => th.Value);
        Assert.Equal(["Figure", "Unit", "scalemeet", "janus"], summaryHeads);
    }

    [Fact]
    public void RenderComparison_NoRuns_Throws()
    {
        Assert.Throws<ArgumentException>(() => HtmlReport.RenderComparison([]));
    }

    private static int CountOf(string text, string what)
    {
        int count = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
