using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Bridge.Transport;

/// <summary>
/// Bounds of the bridge's DTLS (<c>ScaleMeet:Bridge:Dtls</c>). Handshakes run on a pool of worker threads
/// (BouncyCastle's handshake blocks while it waits for the peer); excess ones wait in a bounded queue and are refused
/// after a timeout, which removes that participant with the reason. What one peer may make the bridge hold is
/// capped per handshake. docs/security.md explains each figure; a value too small refuses real browsers, one too
/// large lets a hostile participant hold more memory or workers.
/// </summary>
public sealed class DtlsOptions
{
    /// <summary>Handshakes run at once, one worker thread each. Default 4: a handshake costs ~10 ms of CPU, the rest is waiting.</summary>
    public int HandshakeWorkers { get; set; } = 4;

    /// <summary>Handshakes waiting for a worker; one more is refused (the participant is removed). Default 256.</summary>
    public int HandshakeQueueCapacity { get; set; } = 256;

    /// <summary>A handshake waiting longer than this for a worker is refused. Default 10 s.</summary>
    public TimeSpan HandshakeQueueTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A running handshake whose peer sent nothing for this long fails (reason <c>silent</c>) and frees its worker at
    /// once, instead of holding it for the whole <c>DtlsHandshakeTimeout</c> (30 s). Measured from when a worker takes
    /// it; every datagram from the peer restarts it. Default 5 s: Chromium retransmits a flight after 1 s, 2 s, 4 s, and
    /// our own retransmissions make them resend too, so 5 s of silence means two or more whole flights lost each way.
    /// Too short fails real browsers on a lossy link; too long lets silent peers hold workers longer.
    /// </summary>
    public TimeSpan HandshakeSilenceTimeout { get; set; } = DtlsEndpointSettings.DefaultHandshakeSilenceTimeout;

    /// <summary>
    /// Handshakes of one remote address (IPv4 address; IPv6 /64) that run at once; more from it wait in the queue while
    /// other addresses' handshakes behind them take the free workers, so one peer cannot hold every worker. 0 (default):
    /// half of <see cref="HandshakeWorkers"/>, at least 1 (2 with the default 4 workers). Participants behind one NAT
    /// share it (theirs run that many at a time, ~10 ms each).
    /// </summary>
    public int MaxHandshakesPerAddress { get; set; }

    /// <summary>A worker thread idle this long exits (the next handshake starts one). Default 5 s.</summary>
    public TimeSpan WorkerIdleTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Largest declared handshake message length accepted; longer fragments are dropped before BouncyCastle sizes a
    /// buffer from them. Default 4096 bytes (a browser's largest message, its certificate, is ~1 KB). At least 1024.
    /// </summary>
    public int MaxHandshakeMessageSize { get; set; } = DtlsEndpointSettings.DefaultMaxHandshakeMessageSize;

    /// <summary>
    /// Bytes one peer may make the bridge hold during its handshake: queued datagrams plus the messages being
    /// reassembled (declared lengths, 32 bytes per fragment); after the handshake, its queued datagrams. Default 32 KiB.
    /// </summary>
    public int MaxBufferedBytes { get; set; } = 32 * 1024;

    /// <summary>Datagrams queued per transport before drops. Default 64 (a flight is ~6).</summary>
    public int QueueCapacity { get; set; } = DtlsEndpoint.DefaultQueueCapacity;

    /// <summary>
    /// After the handshake the bridge answers the browser's retransmitted last flight until its first SRTP packet arrives
    /// or this long; then only alerts (close_notify) are processed. Default 10 s.
    /// </summary>
    public TimeSpan FinalFlightTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>DTLS datagrams per second accepted per transport after its handshake (a browser sends a handful in its life). Default 10.</summary>
    public int PostHandshakeDatagramsPerSecond { get; set; } = 10;

    /// <summary>Returns the first problem found, naming the setting under <paramref name="section"/>, or null.</summary>
    public string? Validate(string section)
    {
        var prefix = section + ":Dtls";
        if (HandshakeWorkers is < 1 or > 256)
        {
            return $"{prefix}:HandshakeWorkers must be 1..256 (was {HandshakeWorkers})";
        }

        if (HandshakeQueueCapacity is < 0 or > 100_000)
        {
            return $"{prefix}:HandshakeQueueCapacity must be 0..100000 (was {HandshakeQueueCapacity})";
        }

        if (HandshakeQueueTimeout < TimeSpan.FromMilliseconds(100) || HandshakeQueueTimeout > TimeSpan.FromMinutes(10))
        {
            return $"{prefix}:HandshakeQueueTimeout must be 00:00:00.1 .. 00:10:00 (was {HandshakeQueueTimeout})";
        }

        if (HandshakeSilenceTimeout < TimeSpan.FromSeconds(1) || HandshakeSilenceTimeout > TimeSpan.FromMinutes(5))
        {
            return $"{prefix}:HandshakeSilenceTimeout must be 00:00:01 .. 00:05:00 (was {HandshakeSilenceTimeout})";
        }

        if (MaxHandshakesPerAddress < 0 || MaxHandshakesPerAddress > HandshakeWorkers)
        {
            return $"{prefix}:MaxHandshakesPerAddress must be 0 (half of HandshakeWorkers) .. HandshakeWorkers ({HandshakeWorkers}) (was {MaxHandshakesPerAddress})";
        }

        if (WorkerIdleTimeout < TimeSpan.FromMilliseconds(100) || WorkerIdleTimeout > TimeSpan.FromHours(1))
        {
            return $"{prefix}:WorkerIdleTimeout must be 00:00:00.1 .. 01:00:00 (was {WorkerIdleTimeout})";
        }

        if (MaxHandshakeMessageSize is < DtlsEndpointSettings.MinHandshakeMessageSize or > 65_536)
        {
            return $"{prefix}:MaxHandshakeMessageSize must be {DtlsEndpointSettings.MinHandshakeMessageSize}..65536 bytes (was {MaxHandshakeMessageSize})";
        }

        var leastBuffered = MaxHandshakeMessageSize + DtlsEndpoint.MaxDatagramSize;
        if (MaxBufferedBytes < leastBuffered || MaxBufferedBytes > 16 * 1024 * 1024)
        {
            return $"{prefix}:MaxBufferedBytes must be {leastBuffered} (MaxHandshakeMessageSize + one datagram) .. 16777216 bytes (was {MaxBufferedBytes})";
        }

        if (QueueCapacity is < 1 or > 4096)
        {
            return $"{prefix}:QueueCapacity must be 1..4096 datagrams (was {QueueCapacity})";
        }

        if (FinalFlightTimeout < TimeSpan.Zero || FinalFlightTimeout > TimeSpan.FromMinutes(4))
        {
            return $"{prefix}:FinalFlightTimeout must be 0 .. 00:04:00 (was {FinalFlightTimeout})";
        }

        if (PostHandshakeDatagramsPerSecond is < 1 or > 10_000)
        {
            return $"{prefix}:PostHandshakeDatagramsPerSecond must be 1..10000 (was {PostHandshakeDatagramsPerSecond})";
        }

        return null;
    }

    internal DtlsPoolSettings ToPoolSettings() => new()
    {
        Workers = HandshakeWorkers,
        QueueCapacity = HandshakeQueueCapacity,
        QueueTimeout = HandshakeQueueTimeout,
        WorkerIdleTimeout = WorkerIdleTimeout,
        MaxHandshakesPerAddress = MaxHandshakesPerAddress,
    };

    internal DtlsEndpointSettings ToEndpointSettings(TimeSpan handshakeTimeout) => new()
    {
        HandshakeTimeout = handshakeTimeout,
        HandshakeSilenceTimeout = HandshakeSilenceTimeout,
        MaxHandshakeMessageSize = MaxHandshakeMessageSize,
        MaxBufferedBytes = MaxBufferedBytes,
        QueueCapacity = QueueCapacity,
        FinalFlightTimeout = FinalFlightTimeout,
        PostHandshakeDatagramsPerSecond = PostHandshakeDatagramsPerSecond,
    };
}
