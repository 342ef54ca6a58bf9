using ScaleMeet.Bridge.Conferences;

namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// One track forwarded to one receiver: its own SSRC (and RTX SSRC for video) on the receiver's subscribe
/// transport, with sequence numbers and timestamps rewritten into the receiver's continuous space.
/// Loop thread only.
/// </summary>
internal sealed class Consumer
{
    public Consumer(Producer producer, Endpoint receiver, string mid, uint ssrc, uint rtxSsrc, ushort firstSequence, uint firstTimestamp)
    {
        Producer = producer;
        Receiver = receiver;
        Mid = mid;
        Ssrc = ssrc;
        RtxSsrc = rtxSsrc;
        NextSequence = firstSequence;
        TimestampBase = firstTimestamp;
        WaitingForKeyframe = producer.Kind == MediaKind.Video;
    }

    public Producer Producer { get; }

    public Endpoint Receiver { get; }

    public string Mid { get; }

    public uint Ssrc { get; }

    public uint RtxSsrc { get; }

    /// <summary>True once the receiver answered an offer that contains this consumer.</summary>
    public bool Negotiated { get; set; }

    /// <summary>Video waits for a keyframe before its first packet so the receiver's decoder starts clean.</summary>
    public bool WaitingForKeyframe { get; set; }

    public bool Started { get; private set; }

    /// <summary>Added (mod 2^16) to the sender's sequence numbers.</summary>
    public ushort SequenceOffset { get; private set; }

    /// <summary>Added (mod 2^32) to the sender's timestamps.</summary>
    public uint TimestampOffset { get; private set; }

    public ushort NextSequence { get; private set; }

    private uint TimestampBase { get; }

    public ushort NextRtxSequence { get; set; }

    public long PacketsSent { get; private set; }

    public long OctetsSent { get; private set; }

    /// <summary>Maps the sender's first forwarded packet onto this consumer's starting sequence number and timestamp.</summary>
    public void StartAt(ushort senderSequence, uint senderTimestamp)
    {
        SequenceOffset = unchecked((ushort)(NextSequence - senderSequence));
        TimestampOffset = unchecked(TimestampBase - senderTimestamp);
        Started = true;
    }

    public ushort MapSequence(ushort senderSequence) => unchecked((ushort)(senderSequence + SequenceOffset));

    public ushort UnmapSequence(ushort consumerSequence) => unchecked((ushort)(consumerSequence - SequenceOffset));

    public uint MapTimestamp(uint senderTimestamp) => unchecked(senderTimestamp + TimestampOffset);

    public void OnSent(int payloadLength)
    {
        PacketsSent++;
        OctetsSent += payloadLength;
    }
}
