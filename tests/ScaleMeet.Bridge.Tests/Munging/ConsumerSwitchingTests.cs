using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Media.Codecs;

namespace ScaleMeet.Bridge.Tests.Munging;

/// <summary>
/// A consumer of a three-layer VP8 sender switching layers: the receiver must see one continuous stream —
/// sequence numbers +1 per packet, timestamps never going back, picture ids +1 per frame — and nothing from
/// before the keyframe a layer started at. Driven the way the router drives it, with a fake clock.
/// </summary>
public sealed class ConsumerSwitchingTests
{
    private const long Frequency = 1_000_000;
    private const ushort FirstOutSequence = 1000;
    private const uint FirstOutTimestamp = 5000;

    private readonly Consumer _consumer;
    private readonly List<(ushort Sequence, uint Timestamp, ushort PictureId, int Layer)> _sent = [];
    private long _now = 1_000_000;

    public ConsumerSwitchingTests()
    {
        var conference = new Conference("room");
        var sender = new Endpoint(conference, "alice", "Alice");
        var receiver = new Endpoint(conference, "bob", "Bob");
        var producer = new Producer(sender, MediaKind.Video, "1", 96, 97, 0);
        for (var i = 0; i < 3; i++)
        {
            producer.Layers.Add(new ProducerLayer(producer, i, "qhf"[i].ToString(), 180 << i, null));
        }

        _consumer = new Consumer(producer, receiver, "0", 1111, 2222, FirstOutSequence, FirstOutTimestamp) { Negotiated = true, TargetLayer = 0 };
    }

    /// <summary>Each layer has its own sequence, timestamp and picture id spaces, as Chrome's simulcast has.</summary>
    private static (ushort Sequence, uint Timestamp, ushort PictureId) LayerBase(int layer) => layer switch
    {
        0 => (100, 10_000, 50),
        1 => (30_000, 900_000, 7000),
        _ => (65_530, 4_000_000_000, 32_760),
    };

    private bool Offer(int layer, int frame, int packetInFrame, bool keyframe, (ushort Sequence, uint Timestamp, ushort PictureId)? stream = null)
    {
        var (seq0, ts0, pic0) = stream ?? LayerBase(layer);
        var sequence = unchecked((ushort)(seq0 + (frame * 2) + packetInFrame));
        var timestamp = unchecked(ts0 + (uint)(frame * 3000));
        var pictureId = (ushort)((pic0 + frame) & 0x7FFF);
        var payload = Vp8(pictureId, start: packetInFrame == 0, keyframe && packetInFrame == 0);
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var vp8));
        var info = new PacketInfo(sequence, timestamp, 90000, true, vp8.HasPictureId, vp8.PictureId, vp8.HasTl0PicIdx, vp8.Tl0PicIdx);
        var keyframeState = -1;
        if (!_consumer.Accept(layer, in info, payload, ref keyframeState, _now, Frequency))
        {
            return false;
        }

        var map = _consumer.Current;
        var outSequence = unchecked((ushort)(sequence + map.SequenceOffset));
        var outTimestamp = unchecked(timestamp + map.TimestampOffset);
        var outPictureId = (ushort)((pictureId + map.PictureIdOffset) & 0x7FFF);
        _consumer.OnSent(outSequence, outTimestamp, outPictureId, 0, true, payload.Length, _now);
        _sent.Add((outSequence, outTimestamp, outPictureId, layer));
        return true;
    }

    /// <summary>A VP8 payload: descriptor with a 15-bit PictureID, then a key or delta frame header.</summary>
    private static byte[] Vp8(ushort pictureId, bool start, bool keyframe)
    {
        var header = keyframe
            ? new byte[] { 0x00, 0x00, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xb4, 0x00 } // P=0, start code, 320×180
            : new byte[] { 0x01, 0x00, 0x00, 0x00, 0x00, 0x00 };                     // P=1
        byte[] descriptor = [(byte)(0x80 | (start ? 0x10 : 0)), 0x80, (byte)(0x80 | (pictureId >> 8)), (byte)pictureId];
        return [.. descriptor, .. header];
    }

    /// <summary>Sends frames 0..frames-1 of a layer, two packets each, 33 ms apart.</summary>
    private void Frames(int layer, int from, int to, int keyframeAt = -1)
    {
        for (var f = from; f < to; f++)
        {
            Offer(layer, f, 0, f == keyframeAt);
            Offer(layer, f, 1, false);
            _now += 33_000;
        }
    }

    private void AssertContinuous()
    {
        for (var i = 1; i < _sent.Count; i++)
        {
            Assert.Equal(unchecked((ushort)(_sent[i - 1].Sequence + 1)), _sent[i].Sequence);
            Assert.True(unchecked((int)(_sent[i].Timestamp - _sent[i - 1].Timestamp)) >= 0, $"timestamp went back at {i}");
            var pictureStep = (_sent[i].PictureId - _sent[i - 1].PictureId) & 0x7FFF;
            Assert.True(pictureStep is 0 or 1, $"picture id jumped by {pictureStep} at {i}");
        }
    }

    [Fact]
    public void Start_DeltaFramesBeforeKeyframe_NotForwarded_StartsAtKeyframeWithFirstSequence()
    {
        Frames(0, 0, 3);
        Assert.Empty(_sent);

        Frames(0, 3, 6, keyframeAt: 3);

        Assert.Equal(6, _sent.Count);
        Assert.Equal(FirstOutSequence, _sent[0].Sequence);
        Assert.Equal(FirstOutTimestamp, _sent[0].Timestamp);
        AssertContinuous();
    }

    [Fact]
    public void SwitchUp_WaitsForTargetKeyframe_ThenContinuous()
    {
        Frames(0, 0, 4, keyframeAt: 0);
        _consumer.TargetLayer = 2;
        Assert.True(_consumer.WaitingForKeyframe);

        // Layer 0 keeps flowing while layer 2 has no keyframe yet; layer 2 delta frames are dropped.
        for (var f = 4; f < 8; f++)
        {
            Assert.True(Offer(0, f, 0, false));
            Assert.True(Offer(0, f, 1, false));
            Assert.False(Offer(2, f, 0, false));
            _now += 33_000;
        }

        Assert.True(Offer(2, 8, 0, keyframe: true));
        Assert.False(_consumer.WaitingForKeyframe);
        Assert.False(Offer(0, 8, 0, false));
        Assert.True(Offer(2, 8, 1, false));
        Frames(2, 9, 12);

        Assert.Equal(2, _sent[^1].Layer);
        AssertContinuous();
    }

    [Fact]
    public void SwitchDown_ThenUp_AcrossSequenceWrap_StaysContinuous()
    {
        _consumer.TargetLayer = 2;
        Frames(2, 0, 5, keyframeAt: 0); // layer 2's sequence numbers wrap past 65535 here
        _consumer.TargetLayer = 0;
        Frames(0, 5, 9, keyframeAt: 6);
        _consumer.TargetLayer = 1;
        Frames(1, 9, 14, keyframeAt: 10);

        Assert.Equal([2, 0, 1], _sent.Select(s => s.Layer).Distinct());
        AssertContinuous();
    }

    [Fact]
    public void AfterSwitch_PacketFromBeforeTheKeyframe_NotForwarded()
    {
        Frames(0, 0, 2, keyframeAt: 0);
        _consumer.TargetLayer = 1;
        Assert.True(Offer(1, 5, 0, keyframe: true));

        // A reordered packet of layer 1 from frame 4 arrives after the switch keyframe: it must not be forwarded.
        Assert.False(Offer(1, 4, 1, false));
        Assert.True(Offer(1, 5, 1, false));
        AssertContinuous();
    }

    [Fact]
    public void LongStreamAfterSwitch_EveryPacketForwardedAcrossManyWraps()
    {
        Frames(0, 0, 1, keyframeAt: 0);

        // 100 000 frames (200 000 packets, three sequence wraps) after the start: none refused as "before the switch".
        var refused = 0;
        for (var f = 1; f < 100_000; f++)
        {
            refused += Offer(0, f, 0, false) ? 0 : 1;
            refused += Offer(0, f, 1, false) ? 0 : 1;
            _now += 33_000;
        }

        Assert.Equal(0, refused);
        AssertContinuous();
    }

    [Fact]
    public void Nack_MapsOutputSequenceBackToTheLayerAndSequenceItCameFrom()
    {
        Frames(0, 0, 3, keyframeAt: 0);
        var beforeSwitch = _sent[^1].Sequence;
        _consumer.TargetLayer = 1;
        Frames(1, 3, 5, keyframeAt: 3);
        var afterSwitch = _sent[^1].Sequence;

        Assert.True(_consumer.TryFindSegment(beforeSwitch, out var old));
        Assert.Equal(0, old.Layer);
        Assert.Equal((ushort)(LayerBase(0).Sequence + 5), unchecked((ushort)(beforeSwitch - old.SequenceOffset)));
        Assert.True(_consumer.TryFindSegment(afterSwitch, out var current));
        Assert.Equal(1, current.Layer);
        Assert.Equal((ushort)(LayerBase(1).Sequence + 9), unchecked((ushort)(afterSwitch - current.SequenceOffset)));
    }

    [Fact]
    public void Paused_ThenResumed_NeedsKeyframe_StillContinuous()
    {
        Frames(0, 0, 3, keyframeAt: 0);
        _consumer.TargetLayer = -1;
        Assert.False(Offer(0, 3, 0, true));
        _now += 2_000_000;
        _consumer.TargetLayer = 0;
        Assert.False(Offer(0, 4, 0, false));
        Assert.True(Offer(0, 5, 0, true));

        AssertContinuous();
        Assert.True(_sent[^1].Timestamp - _sent[^2].Timestamp >= 90000, "the timestamp jump covers the pause");
    }

    [Fact]
    public void SourceChanged_OnTheForwardedLayer_WaitsForNewStreamsKeyframeAndContinuesTheSequence()
    {
        Frames(0, 0, 5, keyframeAt: 0);
        var usedBefore = _sent.Select(p => p.Sequence).ToHashSet();

        // The sender restarts layer 0 on a new SSRC whose sequence numbers are the old ones again: with the old
        // mapping they would be sent under output numbers (SRTP indexes) already used.
        _consumer.Producer.Layers[0].OnSourceChanged();
        _consumer.OnSourceChanged(0);
        var restarted = LayerBase(0);
        Assert.True(_consumer.WaitingForKeyframe);
        Assert.False(Offer(0, 0, 0, false, restarted));
        Assert.False(Offer(0, 0, 1, false, restarted));
        Assert.True(Offer(0, 1, 0, keyframe: true, restarted));
        Assert.True(Offer(0, 1, 1, false, restarted));
        for (var f = 2; f < 6; f++)
        {
            Assert.True(Offer(0, f, 0, false, restarted));
            Assert.True(Offer(0, f, 1, false, restarted));
            _now += 33_000;
        }

        AssertContinuous();
        Assert.Equal(10 + 10, _sent.Count);
        Assert.DoesNotContain(_sent.Skip(10), p => usedBefore.Contains(p.Sequence));
    }

    [Fact]
    public void SourceChanged_AnotherLayer_ForwardingGoesOn()
    {
        Frames(0, 0, 3, keyframeAt: 0);

        _consumer.OnSourceChanged(1);

        Assert.False(_consumer.WaitingForKeyframe);
        Assert.True(Offer(0, 3, 0, false));
        AssertContinuous();
    }

    [Fact]
    public void SourceChanged_Segments_CarryTheLayersStreamGeneration()
    {
        Frames(0, 0, 2, keyframeAt: 0);
        var oldStream = _sent[^1].Sequence;
        _consumer.Producer.Layers[0].OnSourceChanged();
        _consumer.OnSourceChanged(0);
        Assert.True(Offer(0, 0, 0, keyframe: true, (500, 77_000, 9)));
        var newStream = _sent[^1].Sequence;

        Assert.True(_consumer.TryFindSegment(oldStream, out var old));
        Assert.True(_consumer.TryFindSegment(newStream, out var current));
        Assert.Equal((0, 1), (old.SourceGeneration, current.SourceGeneration));
        Assert.Equal(1, _consumer.Producer.Layers[0].SourceGeneration);
    }

    [Fact]
    public void TryAcceptKeyframeRequest_WithinInterval_RefusedThenAcceptedAfter()
    {
        Assert.True(_consumer.TryAcceptKeyframeRequest(1_000, 500));
        Assert.False(_consumer.TryAcceptKeyframeRequest(1_499, 500));
        Assert.True(_consumer.TryAcceptKeyframeRequest(1_500, 500));
        Assert.True(_consumer.TryAcceptKeyframeRequest(1_500, 0));
    }
}
