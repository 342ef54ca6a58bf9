using ScaleMeet.Server;

namespace ScaleMeet.Focus.Tests.Server;

/// <summary>Start-up: bad flags and settings give one line on stderr and exit code 2.</summary>
public sealed class ServerHostTests
{
    [Theory]
    [InlineData("--http-port abc", "--http-port")]
    [InlineData("--frobnicate", "--frobnicate")]
    [InlineData("--udp-port", "--udp-port")]
    [InlineData("--bind 999.1.1.1", "ScaleMeet:Http:BindAddress (--bind)")]
    [InlineData("--https-port 9443", "ScaleMeet:Http:HttpsPort (--https-port) needs a certificate")]
    [InlineData("--certificate /nonexistent/cert.pem", "ScaleMeet:Http:CertificatePath (--certificate): file '/nonexistent/cert.pem' does not exist")]
    [InlineData("--certificate-key /nonexistent/key.pem", "ScaleMeet:Http:CertificateKeyPath (--certificate-key) needs")]
    [InlineData("--http-port 9000 --https-port 9000 --self-signed", "must differ")]
    public void Create_BadOption_OneLineOnStderrExitCode2(string commandLine, string expected)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var host = ServerHost.Create(commandLine.Split(' '), output, error, out var exitCode);

        Assert.Null(host);
        Assert.Equal(2, exitCode);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("scalemeet: error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output.ToString());
    }

    [Theory]
    [InlineData("ScaleMeet:Bridge:UdpPort", "abc", "'ScaleMeet:Bridge:UdpPort'")]
    [InlineData("ScaleMeet:Bridge:UdpPort", "70000", "ScaleMeet:Bridge:UdpPort must be 0..65535 (was 70000; 0 picks a free port) (command line: --udp-port)")]
    [InlineData("ScaleMeet:Focus:MaxParticipantsPerRoom", "0", "ScaleMeet:Focus:MaxParticipantsPerRoom")]
    [InlineData("ScaleMeet:Focus:NoSuchSetting", "1", "NoSuchSetting")]
    [InlineData("ScaleMeet:Brdige:UdpPort", "10000", "'ScaleMeet:Brdige' is not a ScaleMeet setting (known sections: ScaleMeet:Http, ScaleMeet:Focus, ScaleMeet:Bridge, ScaleMeet:Memory)")]
    [InlineData("ScaleMeet:Memory:TrimAfterIdle", "-00:00:01", "ScaleMeet:Memory:TrimAfterIdle must be 0 (off) to 01:00:00")]
    [InlineData("ScaleMeet:Http:Port", "eighty", "'ScaleMeet:Http:Port'")]
    [InlineData("ScaleMeet:Bridge:Stress:Measurement", "load", "ScaleMeet:Bridge:Stress:Measurement must be 'cpu' or 'packet-rate' (was 'load')")]
    [InlineData("ScaleMeet:Bridge:Stress:CpuThreshold", "2", "ScaleMeet:Bridge:Stress:CpuThreshold")]
    [InlineData("ScaleMeet:Bridge:Stress:SampleInterval", "soon", "'ScaleMeet:Bridge:Stress:SampleInterval'")]
    [InlineData("ScaleMeet:Bridge:Stress:NoSuchSetting", "1", "NoSuchSetting")]
    [InlineData("ScaleMeet:Bridge:Budgets:RetransmitShare", "1.5", "ScaleMeet:Bridge:Budgets:RetransmitShare must be 0 .. 1 (was 1.5)")]
    [InlineData("ScaleMeet:Bridge:Budgets:MaxTransportCcStatuses", "70000", "ScaleMeet:Bridge:Budgets:MaxTransportCcStatuses must be 16 .. 65535 (was 70000)")]
    [InlineData("ScaleMeet:Bridge:Budgets:NoSuchSetting", "1", "NoSuchSetting")]
    public void Create_BadSetting_NamesItExitCode2(string key, string value, string expected)
    {
        var error = new StringWriter();

        var host = ServerHost.Create([], TextWriter.Null, error, out var exitCode, settings: new Dictionary<string, string?> { [key] = value });

        Assert.Null(host);
        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_CommandLineOverSettings_CommandLineWins()
    {
        var error = new StringWriter();

        // The setting alone would be refused; the flag replaces it.
        var host = ServerHost.Create(["--udp-port", "10002"], TextWriter.Null, error, out var exitCode, settings: new Dictionary<string, string?> { ["ScaleMeet:Bridge:UdpPort"] = "0" });

        Assert.NotNull(host);
        await host.DisposeAsync();
        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error.ToString());
    }

    [Fact]
    public void Create_Help_PrintsUsageExitCode0()
    {
        var output = new StringWriter();

        var host = ServerHost.Create(["--help"], output, TextWriter.Null, out var exitCode);

        Assert.Null(host);
        Assert.Equal(0, exitCode);
        Assert.Contains("--advertise-ip", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("ScaleMeet__Bridge__UdpPort", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_SelfSigned_PrintsSha256Fingerprint()
    {
        var output = new StringWriter();

        var host = ServerHost.Create(["--self-signed", "--http-port", "0", "--https-port", "0"], output, TextWriter.Null, out var exitCode);

        Assert.NotNull(host);
        await host.DisposeAsync();
        Assert.Matches("SHA-256 fingerprint ([0-9A-F]{2}:){31}[0-9A-F]{2}", output.ToString());
    }
}
