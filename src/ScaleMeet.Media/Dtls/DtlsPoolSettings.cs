namespace ScaleMeet.Media.Dtls;

/// <summary>
/// The limits of a <see cref="DtlsHandshakePool"/>. BouncyCastle's handshake is blocking, so a running handshake
/// holds a worker thread while it waits for the peer: the worker count bounds both the threads and the handshakes
/// in progress; the queue bounds the ones waiting for a worker.
/// </summary>
public sealed record DtlsPoolSettings
{
    /// <summary>Handshakes run at once, one worker thread each. Default 4 (a browser handshake costs ~10 ms of CPU).</summary>
    public int Workers { get; init; } = 4;

    /// <summary>Handshakes waiting for a worker; one more is refused. Default 256.</summary>
    public int QueueCapacity { get; init; } = 256;

    /// <summary>A handshake that waited this long for a worker is refused. Default 10 s.</summary>
    public TimeSpan QueueTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Handshakes from one peer address (<see cref="DtlsAddressKey"/>: IPv4 /32, IPv6 /64) that run at once; more from
    /// that address wait in the queue while handshakes of other addresses behind them take the free workers. So peers
    /// that hold their handshakes (silent after a ClientHello) from one address hold at most this many workers, and
    /// everyone else keeps the rest. Handshakes queued without an address are not limited. 0 (default): half the
    /// workers, rounded down, at least 1 (<see cref="EffectiveMaxHandshakesPerAddress"/>). Participants behind one NAT
    /// share it: theirs run this many at a time, each ~10 ms of CPU, so an office joining at once barely notices.
    /// </summary>
    public int MaxHandshakesPerAddress { get; init; }

    /// <summary><see cref="MaxHandshakesPerAddress"/>, or half of <see cref="Workers"/> (at least 1) when it is 0.</summary>
    public int EffectiveMaxHandshakesPerAddress => MaxHandshakesPerAddress > 0 ? MaxHandshakesPerAddress : Math.Max(1, Workers / 2);

    /// <summary>A worker thread with nothing to do for this long exits; the next work starts a new one. Default 5 s.</summary>
    public TimeSpan WorkerIdleTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The first problem found, naming the property, or null.</summary>
    public string? Validate()
    {
        if (Workers is < 1 or > 256)
        {
            return $"{nameof(Workers)} must be 1..256 (was {Workers})";
        }

        if (QueueCapacity is < 0 or > 100_000)
        {
            return $"{nameof(QueueCapacity)} must be 0..100000 (was {QueueCapacity})";
        }

        if (MaxHandshakesPerAddress < 0 || MaxHandshakesPerAddress > Workers)
        {
            return $"{nameof(MaxHandshakesPerAddress)} must be 0 (half the workers) .. {nameof(Workers)} ({Workers}) (was {MaxHandshakesPerAddress})";
        }

        if (QueueTimeout < TimeSpan.FromMilliseconds(1))
        {
            return $"{nameof(QueueTimeout)} must be at least 1 ms (was {QueueTimeout})";
        }

        if (WorkerIdleTimeout < TimeSpan.FromMilliseconds(1) || WorkerIdleTimeout.TotalMilliseconds > int.MaxValue)
        {
            return $"{nameof(WorkerIdleTimeout)} must be between 1 ms and int.MaxValue ms (was {WorkerIdleTimeout})";
        }

        return null;
    }
}
