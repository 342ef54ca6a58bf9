using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// One incoming track of a sender (audio or video), as negotiated on its publish transport.
/// Keeps the receive statistics the bridge reports back in RTCP RR and the packet cache for NACKs.
/// Loop thread only.
/// </summary>
internal sealed class Producer
{
    private SequenceUnwrapper _unwrapper;
    private long _baseSequence = -1;
    private long _highestSequence = -1;
    private long _expectedPrior;
    private long _receivedPrior;
    private long _lastKeyframeRequest = long.MinValue;

    public Producer(Endpoint owner, MediaKind kind, string trackId, uint ssrc, uint? rtxSsrc, byte payloadType, byte? rtxPayloadType, byte audioLevelExtensionId, PacketCache? cache)
    {
        Owner = owner;
        Kind = kind;
        TrackId = trackId;
        Ssrc = ssrc;
        RtxSsrc = rtxSsrc;
        PayloadType = payloadType;
        RtxPayloadType = rtxPayloadType;
        AudioLevelExtensionId = audioLevelExtensionId;
        Cache = cache;
    }

    public Endpoint Owner { get; }

    public MediaKind Kind { get; }

    public string TrackId { get; }

    public uint Ssrc { get; }

    public uint? RtxSsrc { get; }

    public byte PayloadType { get; }

    public byte? RtxPayloadType { get; }

    /// <summary>Header extension id of ssrc-audio-level on the publish transport; 0 when not negotiated.</summary>
    public byte AudioLevelExtensionId { get; }

    public PacketCache? Cache { get; }

    public List<Consumer> Consumers { get; } = [];

    public long PacketsReceived { get; private set; }

    public long BytesReceived { get; private set; }

    /// <summary>Middle 32 bits of the NTP time of the sender's last SR (for RR LSR); 0 before any.</summary>
    public uint LastSenderReportNtpMiddle { get; set; }

    /// <summary>Loop timestamp when that SR arrived.</summary>
    public long LastSenderReportReceivedAt { get; set; }

    /// <summary>A keyframe was asked for while rate-limited; send it when the interval allows.</summary>
    public bool KeyframeRequestPending { get; private set; }

    public void OnPacket(ushort sequenceNumber, int length)
    {
        var extended = _unwrapper.Unwrap(sequenceNumber);
        if (_baseSequence < 0)
        {
            _baseSequence = extended;
        }

        if (extended > _highestSequence)
        {
            _highestSequence = extended;
        }

        PacketsReceived++;
        BytesReceived += length;
    }

    /// <summary>Extended highest sequence number received (RFC 3550 §6.4.1), truncated to 32 bits.</summary>
    public uint ExtendedHighestSequence => (uint)Math.Max(_highestSequence, 0);

    public long CumulativeLost => _baseSequence < 0 ? 0 : Math.Max(0, _highestSequence - _baseSequence + 1 - PacketsReceived);

    /// <summary>Fraction lost since the previous call, in 1/256 units (RFC 3550 A.3).</summary>
    public byte TakeFractionLost()
    {
        if (_baseSequence < 0)
        {
            return 0;
        }

        var expected = _highestSequence - _baseSequence + 1;
        var expectedInterval = expected - _expectedPrior;
        var receivedInterval = PacketsReceived - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = PacketsReceived;
        var lostInterval = expectedInterval - receivedInterval;
        return expectedInterval <= 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
    }

    /// <summary>Decides whether a keyframe request may go to the sender now; otherwise marks it pending.</summary>
    public bool TryStartKeyframeRequest(long now, long minIntervalTicks)
    {
        if (_lastKeyframeRequest != long.MinValue && now - _lastKeyframeRequest < minIntervalTicks)
        {
            KeyframeRequestPending = true;
            return false;
        }

        _lastKeyframeRequest = now;
        KeyframeRequestPending = false;
        return true;
    }
}
