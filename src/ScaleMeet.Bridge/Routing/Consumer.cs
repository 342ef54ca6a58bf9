using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Stats;
using ScaleMeet.Media.Codecs;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// One track forwarded to one receiver: its own SSRC (and RTX SSRC for video) on the receiver's subscribe
/// transport. Of a simulcast sender it forwards one layer at a time and switches only on a keyframe of the
/// target layer; sequence numbers, timestamps and VP8 picture ids stay continuous across switches, so the
/// receiver sees one stream. When the sender changes the SSRC of the layer being forwarded, the consumer waits for a
/// keyframe of the new stream as for a switch (<see cref="OnSourceChanged"/>): its output sequence numbers continue
/// and are never used twice (each is an SRTP index). Its receiver is an <see cref="IMediaReceiver"/> (it sends on the
/// receiver's downstream transport, whatever that is); its producer owns it. Loop thread only.
/// </summary>
internal sealed class Consumer
{
    private readonly SwitchHistory _history = new();
    private long _lastReceiverKeyframeRequest = long.MinValue;
    private bool _started;
    private ushort _lastSequence;
    private uint _lastTimestamp;
    private long _lastSentAt;
    private ushort _lastPictureId;
    private byte _lastTl0PicIdx;
    private bool _seenPictureId;
    private bool _switchGuard;

    /// <summary>How far past a switch (in packets) late packets from before it are still refused.</summary>
    private const int SwitchGuardPackets = 1000;

    public Consumer(Producer producer, IMediaReceiver receiver, string mid, uint ssrc, uint rtxSsrc, ushort firstSequence, uint firstTimestamp)
    {
        Producer = producer;
        Receiver = receiver;
        Mid = mid;
        Ssrc = ssrc;
        RtxSsrc = rtxSsrc;
        _lastSequence = unchecked((ushort)(firstSequence - 1));
        _lastTimestamp = firstTimestamp;
    }

    public Producer Producer { get; }

    public IMediaReceiver Receiver { get; }

    public string Mid { get; }

    public uint Ssrc { get; }

    public uint RtxSsrc { get; }

    /// <summary>True once the receiver answered an offer that contains this consumer.</summary>
    public bool Negotiated { get; set; }

    /// <summary>The layer the receiver's constraints ask for (−1: no video wanted). Drives sender constraints.</summary>
    public int DesiredLayer { get; set; }

    /// <summary>The layer to forward, given what flows (−1: paused). A switch happens on its next keyframe.</summary>
    public int TargetLayer { get; set; }

    /// <summary>The layer being forwarded now (−1: none yet, or paused; the next start needs a keyframe).</summary>
    public int CurrentLayer { get; private set; } = -1;

    /// <summary>The sender's sequence number of the keyframe the current layer started at.</summary>
    private ushort SwitchSequence { get; set; }

    public ushort NextRtxSequence { get; set; }

    public long PacketsSent { get; private set; }

    public long OctetsSent { get; private set; }

    public bool Started => _started;

    public bool IsClosed { get; private set; }

    /// <summary>The receiver's reports about this stream: round-trip time and loss.</summary>
    public ReceiverReportTracker Reports { get; } = new();

    /// <summary>When recent retransmissions to the receiver went out (a packet is resent once per round trip).</summary>
    public ResendHistory Resends { get; } = new();

    /// <summary>The newest timestamp sent (padding packets reuse it).</summary>
    public uint LastTimestamp => _lastTimestamp;

    /// <summary>Leaves the producer and tells the receiver, which frees what it kept for this consumer. A second call does nothing.</summary>
    public void Close()
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        Producer.Consumers.Remove(this);
        Receiver.OnConsumerClosed(this);
    }

    /// <summary>
    /// Decides whether this packet of <paramref name="layer"/> is forwarded. A keyframe of the target layer
    /// switches to it; <paramref name="keyframeState"/> caches the (lazy) keyframe test per packet across
    /// consumers: −1 unknown, 0 no, 1 yes. Audio has one layer and needs no keyframe.
    /// </summary>
    public bool Accept(int layer, in PacketInfo packet, ReadOnlySpan<byte> payload, ref int keyframeState, long now, long frequency)
    {
        if (TargetLayer < 0)
        {
            CurrentLayer = -1;
            return false;
        }

        if (layer == CurrentLayer)
        {
            if (!_switchGuard)
            {
                return true;
            }

            // Nothing from before the keyframe the layer started at (reordered packets). The guard ends once the
            // stream is well past the switch, so 16-bit wrap-around never turns new packets into "old" ones.
            var sinceSwitch = SequenceNumber.Diff(packet.Sequence, SwitchSequence);
            if (sinceSwitch > SwitchGuardPackets)
            {
                _switchGuard = false;
            }

            return sinceSwitch >= 0;
        }

        if (layer != TargetLayer)
        {
            return false;
        }

        if (packet.IsVideo)
        {
            if (keyframeState < 0)
            {
                keyframeState = Vp8PayloadDescriptor.IsKeyFrame(payload) ? 1 : 0;
            }

            if (keyframeState == 0)
            {
                return false;
            }
        }

        StartSegment(layer, in packet, now, frequency);
        return true;
    }

    /// <summary>
    /// The sender started a new stream (a new SSRC) on <paramref name="layer"/>. If that is the layer being forwarded,
    /// the consumer stops and waits for a keyframe of the new stream, then starts a new segment after its last
    /// output sequence number, as on a switch. Its target is unchanged.
    /// </summary>
    public void OnSourceChanged(int layer)
    {
        if (CurrentLayer == layer)
        {
            CurrentLayer = -1;
            _switchGuard = false;
        }
    }

    /// <summary>
    /// Whether a keyframe request (PLI, FIR) from the receiver for this track is passed on at <paramref name="now"/>:
    /// at most one per <paramref name="intervalTicks"/>.
    /// </summary>
    public bool TryAcceptKeyframeRequest(long now, long intervalTicks)
    {
        if (_lastReceiverKeyframeRequest != long.MinValue && now - _lastReceiverKeyframeRequest < intervalTicks)
        {
            return false;
        }

        _lastReceiverKeyframeRequest = now;
        return true;
    }

    /// <summary>True when the consumer waits for a keyframe of its target layer.</summary>
    public bool WaitingForKeyframe => TargetLayer >= 0 && CurrentLayer != TargetLayer;

    private void StartSegment(int layer, in PacketInfo packet, long now, long frequency)
    {
        var outSequence = unchecked((ushort)(_lastSequence + 1));
        uint outTimestamp;
        if (!_started)
        {
            outTimestamp = _lastTimestamp;
        }
        else
        {
            // Continue the receiver's clock: the wall time since the last packet, at least one tick, at most 5 s.
            var elapsed = (ulong)Math.Max(0, now - _lastSentAt) * packet.ClockRate / (ulong)frequency;
            outTimestamp = unchecked(_lastTimestamp + (uint)Math.Clamp(elapsed, 1UL, packet.ClockRate * 5UL));
        }

        ushort pictureOffset = 0;
        byte tl0Offset = 0;
        if (_seenPictureId && packet.HasPictureId)
        {
            pictureOffset = unchecked((ushort)(_lastPictureId + 1 - packet.PictureId));
        }

        if (_seenPictureId && packet.HasTl0PicIdx)
        {
            tl0Offset = unchecked((byte)(_lastTl0PicIdx + 1 - packet.Tl0PicIdx));
        }

        var generation = layer < Producer.Layers.Count ? Producer.Layers[layer].SourceGeneration : 0;
        _history.Push(new SwitchPoint(outSequence, layer, unchecked((ushort)(outSequence - packet.Sequence)), unchecked(outTimestamp - packet.Timestamp), pictureOffset, tl0Offset,
            generation));
        CurrentLayer = layer;
        SwitchSequence = packet.Sequence;
        _switchGuard = true;
        _started = true;
    }

    /// <summary>The current segment's mapping; valid after <see cref="Accept"/> returned true.</summary>
    public SwitchPoint Current => _history.Newest;

    /// <summary>Records what was sent, to continue from it at the next switch.</summary>
    public void OnSent(ushort outSequence, uint outTimestamp, ushort outPictureId, byte outTl0PicIdx, bool hasPictureId, int payloadLength, long now)
    {
        if (SequenceNumber.IsNewer(outSequence, _lastSequence))
        {
            _lastSequence = outSequence;
        }

        if (RtpTimestamp.IsNewer(outTimestamp, _lastTimestamp))
        {
            _lastTimestamp = outTimestamp;
        }

        if (hasPictureId)
        {
            if (!_seenPictureId || IsNewerPictureId(outPictureId, _lastPictureId))
            {
                _lastPictureId = outPictureId;
                _lastTl0PicIdx = outTl0PicIdx;
            }

            _seenPictureId = true;
        }

        _lastSentAt = now;
        PacketsSent++;
        OctetsSent += payloadLength;
    }

    /// <summary>Finds how an already-sent sequence number was mapped (for NACKs), if it is still remembered.</summary>
    public bool TryFindSegment(ushort outSequence, out SwitchPoint segment) => _history.TryFind(outSequence, out segment);

    public uint MapTimestampForReport(uint senderTimestamp) => unchecked(senderTimestamp + _history.Newest.TimestampOffset);

    private static bool IsNewerPictureId(ushort a, ushort b) => a != b && ((a - b) & 0x7FFF) < 0x4000;
}

/// <summary>What the forwarding decision needs of one packet (VP8 fields only for video).</summary>
internal readonly record struct PacketInfo(ushort Sequence, uint Timestamp, uint ClockRate, bool IsVideo, bool HasPictureId, ushort PictureId, bool HasTl0PicIdx, byte Tl0PicIdx);

/// <summary>
/// How one segment of the output (from <see cref="OutStart"/> on) maps a layer's packets; <see cref="SourceGeneration"/>
/// is the layer's stream it maps (NACKs for an older stream's packets are not answered from the new one's).
/// </summary>
internal readonly record struct SwitchPoint(ushort OutStart, int Layer, ushort SequenceOffset, uint TimestampOffset, ushort PictureIdOffset, byte Tl0PicIdxOffset,
    int SourceGeneration = 0);

/// <summary>The last few switch points, newest last, to map NACKed sequence numbers back to the sender's.</summary>
internal sealed class SwitchHistory
{
    private const int Capacity = 8;
    private readonly SwitchPoint[] _points = new SwitchPoint[Capacity];
    private int _count;
    private int _next;

    public SwitchPoint Newest => _points[(_next + Capacity - 1) % Capacity];

    public void Push(SwitchPoint point)
    {
        _points[_next] = point;
        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
    }

    public bool TryFind(ushort outSequence, out SwitchPoint point)
    {
        for (var i = 1; i <= _count; i++)
        {
            point = _points[(_next + Capacity - i) % Capacity];
            if (SequenceNumber.Diff(outSequence, point.OutStart) >= 0)
            {
                return true;
            }
        }

        point = default;
        return false;
    }
}
