using ScaleMeet.Bridge.Routing;

namespace ScaleMeet.Bridge.Conferences;

/// <summary>
/// One media section of a subscribe connection; its mid is its index. It carries one consumer at a time. When the
/// consumer's track goes, the section is offered <c>a=inactive</c>; once the receiver has answered that offer the
/// browser has let the old track go, and the section is recycled for the next track of the same kind, with new SSRCs
/// and a new msid (a new <c>ontrack</c> on the existing transceiver). A consumer that was never offered frees its
/// section at once. So a receiver's sections follow the tracks present, not every track that ever came. Loop thread only.
/// </summary>
internal sealed class SubscribeSlot(string mid, MediaKind kind)
{
    private int _inactiveInVersion;
    private bool _freeNow;

    public string Mid { get; } = mid;

    public MediaKind Kind { get; } = kind;

    public Consumer? Consumer { get; private set; }

    /// <summary>The first subscribe offer version that contained the current consumer; 0 before it was offered.</summary>
    public int OfferedInVersion { get; private set; }

    /// <summary>The SSRCs of the consumers this section carried before, which a recycled section never uses again.</summary>
    public uint PreviousSsrc { get; private set; }

    public uint PreviousRtxSsrc { get; private set; }

    /// <summary>True when the section has no consumer and the receiver knows it (or never saw the last one).</summary>
    public bool IsReusable(int answeredVersion) =>
        Consumer is null && (_freeNow || (_inactiveInVersion != 0 && _inactiveInVersion <= answeredVersion));

    public void Assign(Consumer consumer)
    {
        Consumer = consumer;
        OfferedInVersion = 0;
        _inactiveInVersion = 0;
        _freeNow = false;
    }

    /// <summary>The consumer's track went: the section is inactive from the next offer on.</summary>
    public void Release()
    {
        if (Consumer is not { } consumer)
        {
            return;
        }

        PreviousSsrc = consumer.Ssrc;
        PreviousRtxSsrc = consumer.RtxSsrc;
        _freeNow = OfferedInVersion == 0;
        _inactiveInVersion = 0;
        OfferedInVersion = 0;
        Consumer = null;
    }

    /// <summary>An offer of <paramref name="version"/> contains the section as it is now.</summary>
    public void MarkOffered(int version)
    {
        if (Consumer is not null)
        {
            if (OfferedInVersion == 0)
            {
                OfferedInVersion = version;
            }
        }
        else if (_inactiveInVersion == 0 && !_freeNow)
        {
            _inactiveInVersion = version;
        }
    }
}
