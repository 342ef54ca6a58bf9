namespace ScaleMeet.Media.Dtls;

/// <summary>
/// The limits of one <see cref="DtlsEndpoint"/>. The defaults fit browsers: Chrome's and Firefox's largest handshake
/// message is a certificate of about 1 KB and a whole handshake flight stays under 4 KB. A bridge sets them from its
/// configuration (<c>ScaleMeet:Bridge:Dtls</c>); <see cref="Validate"/> names the property that is out of range.
/// </summary>
public sealed record DtlsEndpointSettings
{
    /// <summary>Default <see cref="MaxHandshakeMessageSize"/>: 4 KiB, four times a browser's certificate message.</summary>
    public const int DefaultMaxHandshakeMessageSize = 4096;

    /// <summary>BouncyCastle never reassembles less than this, whatever it is told, so a smaller cap would mislead.</summary>
    public const int MinHandshakeMessageSize = 1024;

    /// <summary>
    /// The <see cref="HandshakeSilenceTimeout"/> a server facing browsers should use: 5 s. Chromium's DTLS
    /// retransmit timer starts at 1 s and doubles (1 s, 2 s, 4 s …), and each of our own retransmissions (BouncyCastle: 1 s,
    /// doubling) makes the peer resend its flight too, so five quiet seconds mean every datagram of two or more flights
    /// each way was lost — rare enough on a lossy link, and it frees a worker held by a silent peer 6 × sooner than the
    /// 30 s handshake timeout.
    /// </summary>
    public static readonly TimeSpan DefaultHandshakeSilenceTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The handshake must produce keys within this time from <see cref="DtlsEndpoint.StartHandshake"/> (queueing for a
    /// worker included). Default 30 s.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A handshake on a worker whose peer sent nothing (no datagram accepted into the queue) for this long fails with
    /// <see cref="DtlsHandshakeFailure.Silent"/> and frees its worker at once, instead of holding it until
    /// <see cref="HandshakeTimeout"/>. The clock starts when a worker takes the handshake (time spent queued is not
    /// the peer's silence) and restarts with every datagram. It is the pool's <see cref="DtlsHandshakePool.Time"/>.
    /// Default null: off — right for a client, which hears nothing while its handshake waits in the server's queue;
    /// a server facing browsers sets <see cref="DefaultHandshakeSilenceTimeout"/>.
    /// </summary>
    public TimeSpan? HandshakeSilenceTimeout { get; init; }

    /// <summary>
    /// Largest declared length of one handshake message (RFC 6347 §4.2.2 <c>length</c>). A fragment declaring more is
    /// dropped before BouncyCastle sees it — it would size its reassembly buffer from that number. Default 4096 bytes.
    /// </summary>
    public int MaxHandshakeMessageSize { get; init; } = DefaultMaxHandshakeMessageSize;

    /// <summary>
    /// Bytes one handshake may hold for the peer: datagrams queued for it plus what its fragments commit BouncyCastle
    /// to reassemble (each new message's declared length, and <see cref="DtlsHandshakeBudget.FragmentCharge"/> bytes
    /// per fragment). A datagram that would exceed it is dropped. After the handshake the bound applies to the queue
    /// alone. Default 32 KiB (a browser's handshake needs under 8 KiB, retransmissions included).
    /// </summary>
    public int MaxBufferedBytes { get; init; } = 32 * 1024;

    /// <summary>Datagrams queued for the endpoint before further ones are dropped. Default 64 (a flight is ~6).</summary>
    public int QueueCapacity { get; init; } = DtlsEndpoint.DefaultQueueCapacity;

    /// <summary>
    /// After the handshake, the peer's retransmitted last flight is answered with ours (RFC 6347 §4.2.4) until its first
    /// SRTP packet arrives (<see cref="DtlsEndpoint.OnPeerMediaReceived"/>) or this long; afterwards only alerts are
    /// processed. Default 10 s (a browser retransmits after 1 s, 2 s, 4 s).
    /// </summary>
    public TimeSpan FinalFlightTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// DTLS datagrams per second accepted from the peer once the handshake is done (a token bucket with as many
    /// tokens); a browser sends a handful in its whole life (a retransmitted flight, close_notify). Default 10.
    /// </summary>
    public int PostHandshakeDatagramsPerSecond { get; init; } = 10;

    /// <summary>The first problem found, naming the property, or null.</summary>
    public string? Validate()
    {
        if (HandshakeTimeout < TimeSpan.FromMilliseconds(1) || HandshakeTimeout.TotalMilliseconds > int.MaxValue)
        {
            return $"{nameof(HandshakeTimeout)} must be between 1 ms and int.MaxValue ms (was {HandshakeTimeout})";
        }

        if (HandshakeSilenceTimeout is { } silence && (silence < TimeSpan.FromMilliseconds(1) || silence.TotalMilliseconds > int.MaxValue))
        {
            return $"{nameof(HandshakeSilenceTimeout)} must be null or between 1 ms and int.MaxValue ms (was {silence})";
        }

        if (MaxHandshakeMessageSize is < MinHandshakeMessageSize or > 0xFFFFFF)
        {
            return $"{nameof(MaxHandshakeMessageSize)} must be {MinHandshakeMessageSize}..16777215 bytes (was {MaxHandshakeMessageSize})";
        }

        if (MaxBufferedBytes < MaxHandshakeMessageSize + DtlsEndpoint.MaxDatagramSize)
        {
            return $"{nameof(MaxBufferedBytes)} must hold at least one largest message plus one datagram, "
                + $"{MaxHandshakeMessageSize + DtlsEndpoint.MaxDatagramSize} bytes (was {MaxBufferedBytes})";
        }

        if (QueueCapacity < 1)
        {
            return $"{nameof(QueueCapacity)} must be at least 1 (was {QueueCapacity})";
        }

        if (FinalFlightTimeout < TimeSpan.Zero)
        {
            return $"{nameof(FinalFlightTimeout)} must not be negative (was {FinalFlightTimeout})";
        }

        if (PostHandshakeDatagramsPerSecond < 1)
        {
            return $"{nameof(PostHandshakeDatagramsPerSecond)} must be at least 1 (was {PostHandshakeDatagramsPerSecond})";
        }

        return null;
    }
}
