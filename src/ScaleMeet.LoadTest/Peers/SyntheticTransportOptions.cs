using System.Net;
using ScaleMeet.Media.Dtls;

namespace ScaleMeet.LoadTest.Peers;

/// <summary>
/// Settings of one <see cref="SyntheticTransport"/>. Defaults behave like a browser on a quiet network; tests
/// shorten the consent interval when the server's consent timeout is short.
/// </summary>
public sealed class SyntheticTransportOptions
{
    /// <summary>Address the transport's own UDP socket binds to (port 0: any free port). Default 127.0.0.1.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>ICE checks plus the DTLS handshake must finish within this. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// First retransmission interval of the nominating Binding request; doubled after each try up to
    /// <see cref="MaxCheckInterval"/>. Default 100 ms.
    /// </summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Cap of the retransmission interval. Default 800 ms.</summary>
    public TimeSpan MaxCheckInterval { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Consent freshness checks (RFC 7675) once connected, one per this interval. Default 5 s (browsers: 4–6 s).</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Our DTLS certificate; null: a new one per transport. Share one across many peers to save start-up time.</summary>
    public DtlsCertificate? Certificate { get; init; }

    /// <summary>
    /// Runs once ICE nominated the pair, before our DTLS handshake starts; null (default) for none. The abuse tests
    /// send hand-made datagrams from there with <see cref="SyntheticTransport.SendRaw"/> (a hostile peer that passed ICE).
    /// </summary>
    public Func<SyntheticTransport, CancellationToken, Task>? BeforeHandshake { get; init; }

    /// <summary>Kernel receive buffer of the socket, bytes. Default 1 MiB.</summary>
    public int ReceiveBufferSize { get; init; } = 1 << 20;

    /// <summary>Returns the first problem found, naming the setting, or null.</summary>
    public string? Validate()
    {
        if (ConnectTimeout <= TimeSpan.Zero)
        {
            return $"{nameof(ConnectTimeout)} must be positive (was {ConnectTimeout})";
        }

        if (CheckInterval < TimeSpan.FromMilliseconds(1) || MaxCheckInterval < CheckInterval)
        {
            return $"{nameof(CheckInterval)} must be at least 1 ms and at most {nameof(MaxCheckInterval)} (were {CheckInterval}, {MaxCheckInterval})";
        }

        if (ConsentInterval < TimeSpan.FromMilliseconds(10))
        {
            return $"{nameof(ConsentInterval)} must be at least 10 ms (was {ConsentInterval})";
        }

        if (ReceiveBufferSize < 4096)
        {
            return $"{nameof(ReceiveBufferSize)} must be at least 4096 bytes (was {ReceiveBufferSize})";
        }

        return null;
    }
}
