namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// Bytes one receiver may have retransmitted: credited with a share of every media byte sent to it, saved up to a
/// burst, full at the start. Over time, retransmissions stay within the share of the media the receiver gets,
/// however many NACKs it sends. Loop thread only.
/// </summary>
internal sealed class RetransmitBudget
{
    private readonly double _share;
    private readonly double _burst;
    private double _bytes;

    public RetransmitBudget(double share, int burstBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(share);
        ArgumentOutOfRangeException.ThrowIfLessThan(burstBytes, 1);
        _share = share;
        _burst = burstBytes;
        _bytes = burstBytes;
    }

    /// <summary>Bytes that may be retransmitted now.</summary>
    public double Available => _bytes;

    /// <summary>A media packet of <paramref name="bytes"/> went to the receiver.</summary>
    public void OnMediaSent(int bytes) => _bytes = Math.Min(_burst, _bytes + (bytes * _share));

    /// <summary>Spends <paramref name="bytes"/> on a retransmission; false (nothing spent) when the budget has less.</summary>
    public bool TryTake(int bytes)
    {
        if (_bytes < bytes)
        {
            return false;
        }

        _bytes -= bytes;
        return true;
    }
}
