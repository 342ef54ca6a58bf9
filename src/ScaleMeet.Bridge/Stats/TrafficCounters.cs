namespace ScaleMeet.Bridge.Stats;

/// <summary>
/// Datagrams and their bytes (UDP payload) in and out of the bridge's socket, since start. The public fields are
/// written on the loop thread only (plain increments, no cost per packet); DTLS pool workers send handshake flights
/// through <see cref="AddSentFromOtherThread"/>. Readers on other threads may see slightly stale values.
/// </summary>
internal sealed class TrafficCounters
{
    public long PacketsReceived;
    public long BytesReceived;
    public long PacketsSent;
    public long BytesSent;

    private long _otherThreadPacketsSent;
    private long _otherThreadBytesSent;

    /// <summary>Counts one received datagram. Loop thread.</summary>
    public void OnReceived(int bytes)
    {
        PacketsReceived++;
        BytesReceived += bytes;
    }

    /// <summary>Counts one sent datagram. Loop thread.</summary>
    public void OnSent(int bytes)
    {
        PacketsSent++;
        BytesSent += bytes;
    }

    /// <summary>Counts one datagram sent from a thread other than the loop (DTLS handshakes). Thread-safe.</summary>
    public void AddSentFromOtherThread(int bytes)
    {
        Interlocked.Increment(ref _otherThreadPacketsSent);
        Interlocked.Add(ref _otherThreadBytesSent, bytes);
    }

    /// <summary>Every datagram sent, from any thread.</summary>
    public long TotalPacketsSent => PacketsSent + Interlocked.Read(ref _otherThreadPacketsSent);

    /// <summary>Every byte sent, from any thread.</summary>
    public long TotalBytesSent => BytesSent + Interlocked.Read(ref _otherThreadBytesSent);
}
