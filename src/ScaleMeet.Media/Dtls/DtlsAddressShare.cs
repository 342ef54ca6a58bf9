namespace ScaleMeet.Media.Dtls;

/// <summary>One peer address's handshakes in a <see cref="DtlsHandshakePool"/>: queued, and running on workers.</summary>
internal readonly record struct DtlsAddressShare(int Waiting, int Running)
{
    /// <summary>How many of its queued handshakes may start now, given at most <paramref name="share"/> running.</summary>
    public int Runnable(int share) => Math.Clamp(share - Running, 0, Waiting);
}
