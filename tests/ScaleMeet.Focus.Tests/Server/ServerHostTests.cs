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
    [InlineData("focus", "the focus role needs ScaleMeet:Control:Secret (command line: --control-secret)")]
    [InlineData("bridge --focus http://localhost:1", "the bridge role needs ScaleMeet:Control:Secret (command line: --control-secret)")]
    [InlineData("bridge --control-secret 0123456789abcdef", "the bridge role needs at least one focus: ScaleMeet:Bridge:FocusUrls (command line: --focus http://host:port)")]
    [InlineData("bridge --control-secret 0123456789abcdef --focus ftp://x", "ScaleMeet:Bridge:FocusUrls: 'ftp://x' is not a focus URL")]
    [InlineData("bridge --control-secret 0123456789abcdef --focus http://x:1 --bridge-id has/slash", "ScaleMeet:Bridge:Id: a bridge id must be 1-64 characters")]
    [InlineData("bridge --control-secret 0123456789abcdef --focus http://x:1 --region a?b", "ScaleMeet:Bridge:Region: a region must be empty or 1-64 characters")]
    [InlineData("--focus http://x:1", "ScaleMeet:Bridge:FocusUrls (--focus) is for the bridge role")]
    [InlineData("focus --control-secret 0123456789abcdef --region eu", "(--bridge-id, --region) are for the bridge role")]
    [InlineData("focus --control-secret short", "ScaleMeet:Control:Secret must be at least 16 characters (was 5)")]
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
    [InlineData("ScaleMeet:Brdige:UdpPort", "10000", "'ScaleMeet:Brdige' is not a ScaleMeet setting (known sections: ScaleMeet:Http, ScaleMeet:Focus, ScaleMeet:Bridge, ScaleMeet:Memory, ScaleMeet:Auth, ScaleMeet:Control)")]
    [InlineData("ScaleMeet:Memory:TrimAfterIdle", "-00:00:01", "ScaleMeet:Memory:TrimAfterIdle must be 0 (off) to 01:00:00")]
    [InlineData("ScaleMeet:Memory:TrimGarbageAbove", "1000", "ScaleMeet:Memory:TrimGarbageAbove must be 0 (off) or 1048576 (1 MiB) to 1099511627776 bytes, was 1000")]
    [InlineData("ScaleMeet:Memory:MinTrimInterval", "00:00:00.5", "ScaleMeet:Memory:MinTrimInterval must be 00:00:01 to 01:00:00, was 00:00:00.5")]
    [InlineData("ScaleMeet:Control:Secret", "short", "ScaleMeet:Control:Secret must be at least 16 characters (was 5)")]
    [InlineData("ScaleMeet:Control:MissedHeartbeats", "0", "ScaleMeet:Control:MissedHeartbeats must be 1..100 (was 0)")]
    [InlineData("ScaleMeet:Control:HeartbeatInterval", "00:00:00.01", "ScaleMeet:Control:HeartbeatInterval must be between 100 ms and 1 min (was 00:00:00.0100000)")]
    [InlineData("ScaleMeet:Http:Port", "eighty", "'ScaleMeet:Http:Port'")]
    [InlineData("ScaleMeet:Bridge:Stress:Measurement", "load", "ScaleMeet:Bridge:Stress:Measurement must be 'cpu' or 'packet-rate' (was 'load')")]
    [InlineData("ScaleMeet:Bridge:Stress:CpuThreshold", "2", "ScaleMeet:Bridge:Stress:CpuThreshold")]
    [InlineData("ScaleMeet:Bridge:Stress:SampleInterval", "soon", "'ScaleMeet:Bridge:Stress:SampleInterval'")]
    [InlineData("ScaleMeet:Bridge:Stress:NoSuchSetting", "1", "NoSuchSetting")]
    [InlineData("ScaleMeet:Http:Admission:MaxConnections", "0", "ScaleMeet:Http:Admission:MaxConnections must be 1..1000000 (was 0)")]
    [InlineData("ScaleMeet:Http:Admission:MaxConnectionsPerAddress", "0", "ScaleMeet:Http:Admission:MaxConnectionsPerAddress must be 1..1000000 (was 0)")]
    [InlineData("ScaleMeet:Http:Admission:MaxParticipants", "-1", "ScaleMeet:Http:Admission:MaxParticipants must be 1..1000000 (was -1)")]
    [InlineData("ScaleMeet:Http:Admission:MaxParticipantsPerAddress", "1000001", "ScaleMeet:Http:Admission:MaxParticipantsPerAddress must be 1..1000000 (was 1000001)")]
    [InlineData("ScaleMeet:Http:Admission:IPv6PrefixLength", "16", "ScaleMeet:Http:Admission:IPv6PrefixLength must be 32..128 (was 16)")]
    [InlineData("ScaleMeet:Http:Admission:MessagesPerSecond", "0", "ScaleMeet:Http:Admission:MessagesPerSecond must be 0.1..10000 (was 0)")]
    [InlineData("ScaleMeet:Http:Admission:MessageBurst", "0", "ScaleMeet:Http:Admission:MessageBurst must be 1..100000 (was 0)")]
    [InlineData("ScaleMeet:Http:Admission:RateLimitedMessagesBeforeDisconnect", "0", "ScaleMeet:Http:Admission:RateLimitedMessagesBeforeDisconnect must be 1..100000 (was 0)")]
    [InlineData("ScaleMeet:Http:Admission:AllowedOrigins:0", "https://meet.example.org/room", "ScaleMeet:Http:Admission:AllowedOrigins: 'https://meet.example.org/room' is not an origin")]
    [InlineData("ScaleMeet:Http:Admission:MaxConection", "1", "MaxConection")]
    [InlineData("ScaleMeet:Http:Limits:MaxConcurrentConnections", "0", "ScaleMeet:Http:Limits:MaxConcurrentConnections must be 1..1000000 (was 0)")]
    [InlineData("ScaleMeet:Http:Limits:MaxConcurrentUpgradedConnections", "100", "ScaleMeet:Http:Limits:MaxConcurrentUpgradedConnections (100) must be at least ScaleMeet:Http:Admission:MaxConnections (2000)")]
    [InlineData("ScaleMeet:Http:Limits:MaxRequestLineSize", "100", "ScaleMeet:Http:Limits:MaxRequestLineSize must be 256..65536 bytes (was 100)")]
    [InlineData("ScaleMeet:Http:Limits:MaxRequestHeadersTotalSize", "100", "ScaleMeet:Http:Limits:MaxRequestHeadersTotalSize must be 1024..1048576 bytes (was 100)")]
    [InlineData("ScaleMeet:Http:Limits:MaxRequestHeaderCount", "2", "ScaleMeet:Http:Limits:MaxRequestHeaderCount must be 8..1000 (was 2)")]
    [InlineData("ScaleMeet:Http:Limits:MaxRequestBodySize", "-1", "ScaleMeet:Http:Limits:MaxRequestBodySize must be 0..104857600 bytes (was -1)")]
    [InlineData("ScaleMeet:Http:Limits:KeepAliveTimeout", "00:00:00", "ScaleMeet:Http:Limits:KeepAliveTimeout must be 1 s to 10 min")]
    [InlineData("ScaleMeet:Http:Limits:RequestHeadersTimeout", "00:10:00", "ScaleMeet:Http:Limits:RequestHeadersTimeout must be 1 s to 5 min")]
    [InlineData("ScaleMeet:Http:Limits:MinDataRate", "-1", "ScaleMeet:Http:Limits:MinDataRate must be 0 (off) to 1e9 bytes/s (was -1)")]
    [InlineData("ScaleMeet:Http:Limits:MinDataRateGracePeriod", "00:00:01", "ScaleMeet:Http:Limits:MinDataRateGracePeriod must be more than 1 s")]
    [InlineData("ScaleMeet:Http:Limits:Http2MaxStreamsPerConnection", "0", "ScaleMeet:Http:Limits:Http2MaxStreamsPerConnection must be 1..1000 (was 0)")]
    [InlineData("ScaleMeet:Http:Headers:HstsMaxAge", "-1.00:00:00", "ScaleMeet:Http:Headers:HstsMaxAge must be 0 (off) to 730 days")]
    [InlineData("ScaleMeet:Http:Headers:ContentSecurityPolicy", "default-src 'self'\n", "ScaleMeet:Http:Headers:ContentSecurityPolicy must be at most 4096 printable ASCII characters on one line")]
    [InlineData("ScaleMeet:Http:AdminToken", "short", "ScaleMeet:Http:AdminToken must be 16..1024 characters without spaces or control characters (was 5 characters)")]
    [InlineData("ScaleMeet:Http:AdminToken", "has a space in the token", "ScaleMeet:Http:AdminToken must be 16..1024 characters")]
    [InlineData("ScaleMeet:Http:TrustedProxies:0", "10.1.2.3/8", "ScaleMeet:Http:TrustedProxies: '10.1.2.3/8' is not a network in CIDR notation")]
    [InlineData("ScaleMeet:Http:TrustLoopback", "maybe", "'ScaleMeet:Http:TrustLoopback'")]
    [InlineData("ScaleMeet:Bridge:PauseVideoOnLowBandwidth", "maybe", "'ScaleMeet:Bridge:PauseVideoOnLowBandwidth'")]
    [InlineData("ScaleMeet:Auth:Mode", "ldap", "ScaleMeet:Auth:Mode must be 'none' or 'jwt' (was 'ldap')")]
    [InlineData("ScaleMeet:Auth:Mode", "jwt", "ScaleMeet:Auth:Mode 'jwt' needs exactly one of ScaleMeet:Auth:Jwt:Secret (HS256) or ScaleMeet:Auth:Jwt:PublicKeyPath (RS256)")]
    [InlineData("ScaleMeet:Auth:Jwt:Secret", "a-secret-that-is-long-enough-for-hs256", "ScaleMeet:Auth:Jwt:Secret is set but ScaleMeet:Auth:Mode is 'none'")]
    [InlineData("ScaleMeet:Auth:Jwt:Secrett", "x", "Secrett")]
    [InlineData("ScaleMeet:Auth:RoomPassword:MaxAttemptsPerConnection", "0", "ScaleMeet:Auth:RoomPassword:MaxAttemptsPerConnection must be 1..100 (was 0)")]
    [InlineData("ScaleMeet:Bridge:Dtls:HandshakeWorkers", "0", "ScaleMeet:Bridge:Dtls:HandshakeWorkers must be 1..256 (was 0)")]
    [InlineData("ScaleMeet:Bridge:Dtls:MaxHandshakeMessageSize", "100", "ScaleMeet:Bridge:Dtls:MaxHandshakeMessageSize must be 1024..65536 bytes (was 100)")]
    [InlineData("ScaleMeet:Bridge:Dtls:HandshakeQueueTimeout", "later", "'ScaleMeet:Bridge:Dtls:HandshakeQueueTimeout'")]
    [InlineData("ScaleMeet:Bridge:Dtls:HandshakeSilenceTimeout", "00:00:00.5", "ScaleMeet:Bridge:Dtls:HandshakeSilenceTimeout must be 00:00:01 .. 00:05:00 (was 00:00:00.5000000)")]
    [InlineData("ScaleMeet:Bridge:Dtls:MaxHandshakesPerAddress", "5", "ScaleMeet:Bridge:Dtls:MaxHandshakesPerAddress must be 0 (half of HandshakeWorkers) .. HandshakeWorkers (4) (was 5)")]
    [InlineData("ScaleMeet:Bridge:Dtls:NoSuchSetting", "1", "NoSuchSetting")]
    [InlineData("ScaleMeet:Bridge:Negotiation:MaxRidsPerSection", "4", "ScaleMeet:Bridge:Negotiation:MaxRidsPerSection must be 1..3 (was 4)")]
    [InlineData("ScaleMeet:Bridge:Negotiation:NoSuchSetting", "1", "NoSuchSetting")]
    [InlineData("ScaleMeet:Bridge:PacketCachePool:MaxMegabytes", "0", "ScaleMeet:Bridge:PacketCachePool:MaxMegabytes must be 1..1048576 (was 0)")]
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
    public void Create_BadAdminToken_ErrorLineNeverContainsIt()
    {
        var error = new StringWriter();
        const string token = "tooshort-secret";

        var host = ServerHost.Create([], TextWriter.Null, error, out var exitCode, settings: new Dictionary<string, string?> { ["ScaleMeet:Http:AdminToken"] = token });

        Assert.Null(host);
        Assert.Equal(2, exitCode);
        Assert.Contains("ScaleMeet:Http:AdminToken", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_EveryEdgeSetting_Accepted()
    {
        var error = new StringWriter();
        var settings = new Dictionary<string, string?>
        {
            ["ScaleMeet:Http:AdminToken"] = "0123456789abcdef0123456789abcdef",
            ["ScaleMeet:Http:TrustLoopback"] = "false",
            ["ScaleMeet:Http:TrustedProxies:0"] = "10.0.0.0/8",
            ["ScaleMeet:Http:Admission:MaxConnections"] = "500",
            ["ScaleMeet:Http:Admission:MaxConnectionsPerAddress"] = "20",
            ["ScaleMeet:Http:Admission:MaxParticipants"] = "300",
            ["ScaleMeet:Http:Admission:MaxParticipantsPerAddress"] = "10",
            ["ScaleMeet:Http:Admission:IPv6PrefixLength"] = "56",
            ["ScaleMeet:Http:Admission:MessagesPerSecond"] = "5.5",
            ["ScaleMeet:Http:Admission:MessageBurst"] = "30",
            ["ScaleMeet:Http:Admission:RateLimitedMessagesBeforeDisconnect"] = "10",
            ["ScaleMeet:Http:Admission:AllowedOrigins:0"] = "https://meet.example.org",
            ["ScaleMeet:Http:Limits:MaxConcurrentConnections"] = "200",
            ["ScaleMeet:Http:Limits:MaxConcurrentUpgradedConnections"] = "600",
            ["ScaleMeet:Http:Limits:MaxRequestLineSize"] = "4096",
            ["ScaleMeet:Http:Limits:MaxRequestHeadersTotalSize"] = "8192",
            ["ScaleMeet:Http:Limits:MaxRequestHeaderCount"] = "40",
            ["ScaleMeet:Http:Limits:MaxRequestBodySize"] = "0",
            ["ScaleMeet:Http:Limits:KeepAliveTimeout"] = "00:01:00",
            ["ScaleMeet:Http:Limits:RequestHeadersTimeout"] = "00:00:05",
            ["ScaleMeet:Http:Limits:MinDataRate"] = "0",
            ["ScaleMeet:Http:Limits:MinDataRateGracePeriod"] = "00:00:10",
            ["ScaleMeet:Http:Limits:Http2MaxStreamsPerConnection"] = "16",
            ["ScaleMeet:Http:Headers:HstsMaxAge"] = "30.00:00:00",
            ["ScaleMeet:Http:Headers:HstsIncludeSubDomains"] = "true",
            ["ScaleMeet:Http:Headers:ContentSecurityPolicy"] = "default-src 'self'",
        };

        var host = ServerHost.Create([], TextWriter.Null, error, out var exitCode, settings: settings);

        Assert.True(host is not null, error.ToString());
        await host.DisposeAsync();
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public void Create_JwtModeWithShortSecret_NamesTheSecretSetting()
    {
        var error = new StringWriter();
        var settings = new Dictionary<string, string?>
        {
            ["ScaleMeet:Auth:Mode"] = "jwt",
            ["ScaleMeet:Auth:Jwt:Secret"] = "short",
            ["ScaleMeet:Auth:Jwt:Issuer"] = "my_app_id",
            ["ScaleMeet:Auth:Jwt:Audience"] = "jitsi",
        };

        var host = ServerHost.Create([], TextWriter.Null, error, out var exitCode, settings: settings);

        Assert.Null(host);
        Assert.Equal(2, exitCode);
        Assert.Equal("scalemeet: error: ScaleMeet:Auth:Jwt:Secret must be at least 32 bytes (256 bits) of UTF-8 for HS256 (was 5)", error.ToString().Trim());
    }

    [Fact]
    public async Task Create_JwtModeComplete_Starts()
    {
        var error = new StringWriter();
        var settings = new Dictionary<string, string?>
        {
            ["ScaleMeet:Auth:Mode"] = "jwt",
            ["ScaleMeet:Auth:Jwt:Secret"] = "a-secret-that-is-long-enough-for-hs256",
            ["ScaleMeet:Auth:Jwt:Issuer"] = "my_app_id",
            ["ScaleMeet:Auth:Jwt:Audience"] = "jitsi",
        };

        var host = ServerHost.Create([], TextWriter.Null, error, out var exitCode, settings: settings);

        Assert.NotNull(host);
        await host.DisposeAsync();
        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error.ToString());
    }

    [Fact]
    public async Task Create_EveryDtlsSetting_Accepted()
    {
        var error = new StringWriter();
        var settings = new Dictionary<string, string?>
        {
            ["ScaleMeet:Bridge:Dtls:HandshakeWorkers"] = "8",
            ["ScaleMeet:Bridge:Dtls:HandshakeQueueCapacity"] = "100",
            ["ScaleMeet:Bridge:Dtls:HandshakeQueueTimeout"] = "00:00:05",
            ["ScaleMeet:Bridge:Dtls:WorkerIdleTimeout"] = "00:00:30",
            ["ScaleMeet:Bridge:Dtls:MaxHandshakeMessageSize"] = "8192",
            ["ScaleMeet:Bridge:Dtls:MaxBufferedBytes"] = "65536",
            ["ScaleMeet:Bridge:Dtls:QueueCapacity"] = "32",
            ["ScaleMeet:Bridge:Dtls:FinalFlightTimeout"] = "00:00:20",
            ["ScaleMeet:Bridge:Dtls:PostHandshakeDatagramsPerSecond"] = "20",
            ["ScaleMeet:Bridge:Dtls:HandshakeSilenceTimeout"] = "00:00:08",
            ["ScaleMeet:Bridge:Dtls:MaxHandshakesPerAddress"] = "3",
        };

        var host = ServerHost.Create([], TextWriter.Null, error, out var exitCode, settings: settings);

        Assert.True(host is not null, error.ToString());
        await host.DisposeAsync();
        Assert.Equal(0, exitCode);
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
