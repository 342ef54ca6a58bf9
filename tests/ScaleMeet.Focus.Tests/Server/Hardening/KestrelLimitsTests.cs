using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using ScaleMeet.Server.Hardening;

namespace ScaleMeet.Focus.Tests.Server.Hardening;

/// <summary>
/// Kestrel's limits: every option reaches Kestrel, and the server enforces the header limits and timeout on real
/// requests (the body limit guards endpoints that read a body; none does yet, so only its setting is checked).
/// </summary>
public sealed class KestrelLimitsTests
{
    [Fact]
    public void ApplyTo_EveryOption_LandsInKestrelLimits()
    {
        var options = new KestrelLimitOptions
        {
            MaxConcurrentConnections = 11,
            MaxConcurrentUpgradedConnections = 12,
            MaxRequestLineSize = 1300,
            MaxRequestHeadersTotalSize = 1400,
            MaxRequestHeaderCount = 15,
            MaxRequestBodySize = 16,
            KeepAliveTimeout = TimeSpan.FromSeconds(17),
            RequestHeadersTimeout = TimeSpan.FromSeconds(18),
            MinDataRate = 190,
            MinDataRateGracePeriod = TimeSpan.FromSeconds(20),
            Http2MaxStreamsPerConnection = 21,
        };
        var limits = new KestrelServerOptions().Limits;

        options.ApplyTo(limits);

        Assert.Equal(11, limits.MaxConcurrentConnections);
        Assert.Equal(12, limits.MaxConcurrentUpgradedConnections);
        Assert.Equal(1300, limits.MaxRequestLineSize);
        Assert.Equal(1400, limits.MaxRequestHeadersTotalSize);
        Assert.Equal(15, limits.MaxRequestHeaderCount);
        Assert.Equal(16, limits.MaxRequestBodySize);
        Assert.Equal(TimeSpan.FromSeconds(17), limits.KeepAliveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(18), limits.RequestHeadersTimeout);
        Assert.Equal((190.0, TimeSpan.FromSeconds(20)), (limits.MinRequestBodyDataRate!.BytesPerSecond, limits.MinRequestBodyDataRate.GracePeriod));
        Assert.Equal((190.0, TimeSpan.FromSeconds(20)), (limits.MinResponseDataRate!.BytesPerSecond, limits.MinResponseDataRate.GracePeriod));
        Assert.Equal(21, limits.Http2.MaxStreamsPerConnection);
    }

    [Fact]
    public void ApplyTo_MinDataRateZero_RatesOff()
    {
        var limits = new KestrelServerOptions().Limits;

        new KestrelLimitOptions { MinDataRate = 0 }.ApplyTo(limits);

        Assert.Null(limits.MinRequestBodyDataRate);
        Assert.Null(limits.MinResponseDataRate);
    }

    [Fact]
    public async Task Request_TooManyHeaders_431()
    {
        await using var server = await TestServer.StartAsync(new() { ["ScaleMeet:Http:Limits:MaxRequestHeaderCount"] = "20" });

        var fine = await RawRequestAsync(server.HttpPort, Headers(15, 10));
        var tooMany = await RawRequestAsync(server.HttpPort, Headers(25, 10));

        Assert.StartsWith("HTTP/1.1 200 ", fine, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 431 ", tooMany, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_HeadersOverTheTotalSize_431()
    {
        await using var server = await TestServer.StartAsync();

        var fine = await RawRequestAsync(server.HttpPort, Headers(4, 3000));
        var tooLarge = await RawRequestAsync(server.HttpPort, Headers(6, 3000));

        Assert.StartsWith("HTTP/1.1 200 ", fine, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 431 ", tooLarge, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_HeadersNeverFinished_ConnectionClosedAfterTheHeadersTimeout()
    {
        await using var server = await TestServer.StartAsync(new() { ["ScaleMeet:Http:Limits:RequestHeadersTimeout"] = "00:00:01" });
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.HttpPort);
        var stream = client.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
        var read = await ReadToEndAsync(stream, TimeSpan.FromSeconds(15));

        // Kestrel answers 408 (or just closes) once the headers take longer than the timeout; keep-alive is 30 s.
        Assert.True(read.Closed, "the connection stayed open");
        Assert.True(read.Text.Length == 0 || read.Text.StartsWith("HTTP/1.1 408 ", StringComparison.Ordinal), read.Text);
    }

    private static string Headers(int count, int valueLength)
    {
        var request = new StringBuilder("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for (var i = 0; i < count; i++)
        {
            request.Append(FormattableString.Invariant($"X-Filler-{i}: ")).Append('a', valueLength).Append("\r\n");
        }

        return request.Append("\r\n").ToString();
    }

    private static async Task<string> RawRequestAsync(int port, string head)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        var read = await ReadToEndAsync(stream, TimeSpan.FromSeconds(10));
        return read.Text;
    }

    /// <summary>Reads until the server closes, or until <paramref name="timeout"/> (then <c>Closed</c> is false).</summary>
    private static async Task<(string Text, bool Closed)> ReadToEndAsync(NetworkStream stream, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[16 * 1024];
        var text = new StringBuilder();
        try
        {
            while (true)
            {
                var n = await stream.ReadAsync(buffer, cts.Token);
                if (n == 0)
                {
                    return (text.ToString(), true);
                }

                text.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
        }
        catch (OperationCanceledException)
        {
            return (text.ToString(), false);
        }
        catch (IOException)
        {
            return (text.ToString(), true);
        }
    }
}
