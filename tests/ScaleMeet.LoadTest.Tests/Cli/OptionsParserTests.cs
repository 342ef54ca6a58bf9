using System.Net;
using ScaleMeet.LoadTest.Cli;

namespace ScaleMeet.LoadTest.Tests.Cli;

public sealed class OptionsParserTests
{
    [Theory]
    [InlineData("S1", 1, 3)]
    [InlineData("s2", 1, 10)]
    [InlineData("S3", 3, 10)]
    [InlineData("S4", 10, 3)]
    public void Scenario_StudyName_GivesItsShapeWithEveryoneSending(string name, int conferences, int participants)
    {
        var options = OptionsParser.Parse(["--scenario", name])!;

        Assert.Equal(conferences, options.Scenario.Conferences);
        Assert.Equal(participants, options.Scenario.Participants);
        Assert.Equal(participants, options.Scenario.Senders);
        Assert.Equal(new Uri("http://localhost:8080"), options.Target);
        Assert.Equal(TargetSystem.ScaleMeet, options.System);
        Assert.Equal(60, options.DurationSeconds);
    }

    [Fact]
    public void Custom_ConferencesParticipantsSenders_AreKept()
    {
        var options = OptionsParser.Parse(["--conferences=2", "--participants", "5", "--senders", "2", "--duration", "12.5", "--ramp", "2",
            "--out", "r.json", "--report", "r.html", "--bind", "10.1.2.3", "--server-pid", "42", "--receive-height", "360", "--quiet"])!;

        Assert.Equal(new Scenario("custom", 2, 5, 2), options.Scenario);
        Assert.Equal(12.5, options.DurationSeconds);
        Assert.Equal(2, options.RampPerSecond);
        Assert.Equal("r.json", options.OutPath);
        Assert.Equal("r.html", options.ReportPath);
        Assert.Equal(IPAddress.Parse("10.1.2.3"), options.BindAddress);
        Assert.Equal(42, options.ServerPid);
        Assert.Equal(360, options.ReceiveHeight);
        Assert.True(options.Quiet);
    }

    [Fact]
    public void JanusTarget_BecomesWebSocketUriWithDefaultPort()
    {
        var options = OptionsParser.Parse(["--scenario", "S1", "--target", "janus://10.234.1.2/"])!;

        Assert.Equal(TargetSystem.Janus, options.System);
        Assert.Equal(new Uri("ws://10.234.1.2:8188/"), options.Target);
    }

    [Fact]
    public void Help_ReturnsNull() => Assert.Null(OptionsParser.Parse(["--help"]));

    [Theory]
    [InlineData("--scenario S5", "--scenario must be S1, S2, S3 or S4, got 'S5'")]
    [InlineData("--duration abc --scenario S1", "--duration must be a number")]
    [InlineData("--duration -3 --scenario S1", "--duration must be a number")]
    [InlineData("--scenario S1 --ramp 0", "--ramp must be a number")]
    [InlineData("--scenario S1 --target ftp://x/", "--target scheme must be http, https or janus, got 'ftp'")]
    [InlineData("--scenario S1 --target nonsense", "--target must be")]
    [InlineData("--scenario S1 --conferences 2", "not both")]
    [InlineData("--conferences 2", "--conferences and --participants go together")]
    [InlineData("--conferences 2 --participants 3 --senders 4", "--senders must be a whole number from 1 to 3")]
    [InlineData("--conferences 2 --participants 101", "--participants must be a whole number from 1 to 100")]
    [InlineData("--conferences 1.5 --participants 3", "--conferences must be a whole number")]
    [InlineData("--scenario S1 --frobnicate 1", "unknown option --frobnicate")]
    [InlineData("--scenario S1 --scenario S2", "--scenario is given twice")]
    [InlineData("--scenario", "--scenario needs a value")]
    [InlineData("S1", "unexpected argument 'S1'")]
    [InlineData("", "say what to run")]
    [InlineData("--scenario S1 --bind ::1", "--bind must be an IPv4 address")]
    [InlineData("--scenario S1 --room-prefix a/b", "--room-prefix must be")]
    [InlineData("--scenario S1 --region a,,b", "--region must be a comma-separated list")]
    [InlineData("--scenario S1 --region a?b", "--region must be a comma-separated list")]
    [InlineData("--scenario S1 --target janus://127.0.0.1:8188/ --region a", "--region needs a ScaleMeet target")]
    public void BadCommandLine_FailsWithOneLineNamingTheProblem(string commandLine, string expected)
    {
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        var error = Assert.Throws<OptionsException>(() => OptionsParser.Parse(args));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Region_ListCycledOverTheConferences()
    {
        var options = OptionsParser.Parse(["--scenario", "S4", "--region", "a,b,c"])!;

        Assert.Equal(["a", "b", "c"], options.Regions);
        Assert.Equal(["a", "b", "c", "a", "b"], Enumerable.Range(0, 5).Select(options.RegionOf));
    }

    [Fact]
    public void Region_NotGiven_NoneSent()
    {
        var options = OptionsParser.Parse(["--scenario", "S4"])!;

        Assert.Null(options.RegionOf(0));
    }

    [Fact]
    public void AdminTokenFile_TheTokenIsRead()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "s3cret-admin-token\n");

            var options = OptionsParser.Parse(["--scenario", "S1", "--admin-token-file", file])!;

            Assert.Equal("s3cret-admin-token", options.AdminToken);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void AdminTokenFile_MissingOrEmpty_OneLineNamingTheFile()
    {
        var empty = Path.GetTempFileName();
        try
        {
            var missing = Assert.Throws<OptionsException>(() => OptionsParser.Parse(["--scenario", "S1", "--admin-token-file", empty + ".absent"]));
            var blank = Assert.Throws<OptionsException>(() => OptionsParser.Parse(["--scenario", "S1", "--admin-token-file", empty]));

            Assert.Contains("cannot read", missing.Message, StringComparison.Ordinal);
            Assert.Contains("holds nothing", blank.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', missing.Message + blank.Message);
        }
        finally
        {
            File.Delete(empty);
        }
    }
}
