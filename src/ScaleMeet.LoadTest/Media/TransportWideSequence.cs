namespace ScaleMeet.LoadTest.SyntheticMedia;

/// <summary>
/// The transport-wide sequence number of draft-holmer-rmcat-transport-wide-cc-extensions-01: one 16-bit counter
/// for every packet of a transport, whatever its SSRC, so share one instance among everything that sends on the
/// transport. Thread-safe.
/// </summary>
public sealed class TransportWideSequence
{
    private int _next;

    /// <summary>Starts at <paramref name="first"/>.</summary>
    public TransportWideSequence(ushort first = 1)
    {
        _next = first - 1;
    }

    /// <summary>The number for the next packet (wraps at 65536).</summary>
    public ushort Next() => unchecked((ushort)Interlocked.Increment(ref _next));
}
