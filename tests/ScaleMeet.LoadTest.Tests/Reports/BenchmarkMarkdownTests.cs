using ScaleMeet.LoadTest.Reports;
using ScaleMeet.LoadTest.Results;

namespace ScaleMeet.LoadTest.Tests.Reports;

public sealed class BenchmarkMarkdownTests
{
    private const string Command = "bench/side-by-side.sh --duration 60";
    private const string Machine = "2 vCPU, Debian 12, .NET 10.0.12";

    /// <summary>Janus at 10.4 ms of CPU per Mbit; ScaleMeet at the given fraction of it, per scenario S1..S4.</summary>
    private static (LoadResults, LoadResults)[] Pairs(params double?[] fractions) =>
        fractions.Select((f, i) => (
            SampleResults.Run(scenario: $"S{i + 1}", cpuSecondsPerMbit: f * 0.0104, peakRssMb: 14),
            SampleResults.Run(system: "janus", scenario: $"S{i + 1}", cpuSecondsPerMbit: 0.0104, peakRssMb: 28))).ToArray();

    private static string MainTable(string md) => md[..md.IndexOf("### Load generator cost", StringComparison.Ordinal)];

    private static string[] RowsOf(string section, string scenario) =>
        section.Split('\n').Where(l => l.StartsWith($"| {scenario} |", StringComparison.Ordinal)).ToArray();

    private static string[] Cells(string row) => row.Trim('|').Split(" | ").Select(c => c.Trim()).ToArray();

    [Fact]
    public void Render_FourScenarios_OneRowPerScenarioWithRatios()
    {
        string md = BenchmarkMarkdown.Render(Pairs(0.5, 0.4, 0.25, 0.5), Command, Machine);

        string table = MainTable(md);
        foreach (string s in (string[])["S1", "S2", "S3", "S4"])
            Assert.Single(RowsOf(table, s));
        var s1 = Cells(RowsOf(table, "S1")[0]);
        Assert.Equal("0.450 / 0.450", s1[1]); // server CPU (cores), both systems
        Assert.Equal("5.20 / 10.40", s1[2]); // ms of CPU per Mbit
        Assert.Equal("0.50×", s1[3]);
        Assert.Equal("14.0 / 28.0", s1[4]); // peak RSS
        Assert.Equal("13.0 / 27.0", s1[5]); // end RSS
        Assert.Equal("0.50×", s1[6]); // RSS ratio
        Assert.Equal("15.5 / 15.5", s1[8]); // RTT
        Assert.Equal("412 / 412", s1[9]); // first frame
        Assert.Equal("2 of 3 / 2 of 3", s1[11]);
        Assert.Equal("0.25×", Cells(RowsOf(table, "S3")[0])[3]);
        Assert.Equal(12, Cells(table.Split('\n').First(l => l.StartsWith("| Scenario", StringComparison.Ordinal))).Length);
    }

    [Fact]
    public void Render_EveryRatioAtMostHalf_GoalHolds()
    {
        string md = BenchmarkMarkdown.Render(Pairs(0.5, 0.4, 0.25, 0.5), Command, Machine);

        Assert.Contains($"Goal, {BenchmarkMarkdown.GoalText}: **holds**.", md);
        Assert.Contains("- S1: 0.50×, holds\n", md);
        Assert.Contains("- S3: 0.25×, holds\n", md);
        Assert.DoesNotContain("does not hold", md);
    }

    [Fact]
    public void Render_OneScenarioAboveHalf_GoalDoesNotHold()
    {
        string md = BenchmarkMarkdown.Render(Pairs(0.5, 0.4, 0.6, 0.3), Command, Machine);

        Assert.Contains("**does not hold** (fails in S3)", md);
        Assert.Contains("- S3: 0.60×, does not hold\n", md);
        Assert.Contains("- S2: 0.40×, holds\n", md);
        Assert.DoesNotContain("**holds**", md);
    }

    [Fact]
    public void Render_MissingValues_PrintDashAndGoalCannotBeTold()
    {
        var pairs = Pairs(0.5, 0.4);
        pairs[1].Item2 = pairs[1].Item2 with { Summary = pairs[1].Item2.Summary with { CpuSecondsPerMbit = null, ServerCpuCores = null, RttMs = null } };

        string md = BenchmarkMarkdown.Render(pairs, Command, Machine);

        var s2 = Cells(RowsOf(MainTable(md), "S2")[0]);
        Assert.Equal("0.450 / —", s2[1]);
        Assert.Equal("4.16 / —", s2[2]);
        Assert.Equal("—", s2[3]);
        Assert.Equal("15.5 / —", s2[8]);
        Assert.Contains("**cannot be told** (not measured in S2)", md);
        Assert.Contains("- S2: —, not measured\n", md);
    }

    [Fact]
    public void Render_CommandAndMachine_StandAboveTheTable()
    {
        string md = BenchmarkMarkdown.Render(Pairs(0.5), "run `x` | tee", "box_1 *fast*");

        int table = md.IndexOf("| Scenario", StringComparison.Ordinal);
        int command = md.IndexOf("Command: ``run `x` | tee``", StringComparison.Ordinal);
        int machine = md.IndexOf(@"Machine: box\_1 \*fast\*", StringComparison.Ordinal);
        Assert.InRange(command, 0, table);
        Assert.InRange(machine, 0, table);
    }

    [Fact]
    public void Render_GeneratorTable_OneRowPerRunWithMilliCoresPerParticipant()
    {
        string md = BenchmarkMarkdown.Render(Pairs(0.5, 0.4), Command, Machine);

        string generator = md[md.IndexOf("### Load generator cost", StringComparison.Ordinal)..];
        var rows = generator.Split('\n').Where(l => l.StartsWith("| S", StringComparison.Ordinal) && !l.StartsWith("| Scenario", StringComparison.Ordinal)).Select(Cells).ToArray();
        Assert.Equal(4, rows.Length);
        Assert.Equal(["S1", "scalemeet", "3", "0.126", "42.0", "88.5"], rows[0]);
        Assert.Equal(["S2", "janus"], rows[3][..2]);
    }

    [Fact]
    public void Render_PairOfDifferentScenarios_Throws()
    {
        var pair = (SampleResults.Run(scenario: "S1"), SampleResults.Run(system: "janus", scenario: "S2"));

        Assert.Throws<ArgumentException>(() => BenchmarkMarkdown.Render([pair], Command, Machine));
    }

    [Theory]
    [InlineData(0.0052, 0.0104, 0.5)]
    [InlineData(0.0104, 0.0052, 2.0)]
    [InlineData(null, 0.0104, null)]
    [InlineData(0.0052, null, null)]
    [InlineData(0.0052, 0.0, null)]
    [InlineData(double.NaN, 0.0104, null)]
    public void Ratio_MissingOrZeroDenominator_IsNull(double? scaleMeet, double? janus, double? expected)
    {
        var ratio = BenchmarkMarkdown.Ratio(scaleMeet, janus);

        if (expected is null)
            Assert.Null(ratio);
        else
            Assert.Equal(expected.Value, ratio!.Value, 9);
    }
}
