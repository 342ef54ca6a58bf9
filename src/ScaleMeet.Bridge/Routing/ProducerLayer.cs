using ScaleMeet.Media.Rtp;

namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// One encoding of a sender's track: a simulcast layer (rid q/h/f) or the only encoding of a non-simulcast
/// track. Its own SSRC and sequence space, receive statistics for RTCP RR, a packet cache for NACKs (from the pool), the
/// height learned from its keyframes and its recent bitrate. When the sender changes the layer's SSRC
/// (<see cref="OnSourceChanged"/>), a new stream begins: statistics and cache start over and
/// <see cref="SourceGeneration"/> counts up, so nothing of the old stream is mistaken for the new one. Loop thread only.
/// </summary>
internal sealed class ProducerLayer
{
    private SequenceUnwrapper _unwrapper;
    private long _baseSequence = -1;
    private long _highestSequence = -1;
    private long _expectedPrior;
    private long _receivedPrior;
    private long _lastKeyframeRequest = long.MinValue;
    private long _rateWindowStart;
    private long _rateWindowBytes;
    private long _statsExpectedPrior;
    private long _statsReceivedPrior;

    public ProducerLayer(Producer producer, int index, string? rid, int nominalHeight, PacketCache? cache)
    {
        Producer = producer;
        Index = index;
        Rid = rid;
        NominalHeight = nominalHeight;
        Cache = cache;
    }

    public Producer Producer { get; }

    /// <summary>0 is the lowest layer.</summary>
    public int Index { get; }

    /// <summary>The RTP stream id (simulcast), or null for a single encoding.</summary>
    public string? Rid { get; }

    /// <summary>The primary SSRC; 0 until learned from the rid header extension (simulcast).</summary>
    public uint Ssrc { get; set; }

    public uint? RtxSsrc { get; set; }

    /// <summary>The NACK cache: rented from the pool when the layer first carries packets (video only), null before and when the pool was empty.</summary>
    public PacketCache? Cache { get; set; }

    /// <summary>How many times the sender changed this layer's SSRC (0 for the first stream).</summary>
    public int SourceGeneration { get; private set; }

    /// <summary>Height assumed until a keyframe tells the real one.</summary>
    public int NominalHeight { get; }

    /// <summary>Height of the last keyframe seen; 0 before any.</summary>
    public int KeyframeHeight { get; set; }

    /// <summary>The height used for layer selection: the real one when known.</summary>
    public int Height => KeyframeHeight > 0 ? KeyframeHeight : NominalHeight;

    /// <summary>Loop timestamp of the last packet; 0 before any.</summary>
    public long LastPacketAt { get; private set; }

    /// <summary>
    /// Received bitrate over the last completed one-second window, bits/s; 0 (unmeasured: the allocator then assumes
    /// the nominal rate of the height) from a packet that follows a pause of a second or more until a window completes.
    /// </summary>
    public long Bitrate { get; private set; }

    /// <summary>Packets of the current stream (since the last SSRC change).</summary>
    public long PacketsReceived { get; private set; }

    /// <summary>Bytes received on this layer since it was created.</summary>
    public long BytesReceived { get; private set; }

    /// <summary>Middle 32 bits of the NTP time of the sender's last SR (for RR LSR); 0 before any.</summary>
    public uint LastSenderReportNtpMiddle { get; set; }

    /// <summary>Loop timestamp when that SR arrived.</summary>
    public long LastSenderReportReceivedAt { get; set; }

    /// <summary>A keyframe was asked for while rate-limited; send it when the interval allows.</summary>
    public bool KeyframeRequestPending { get; private set; }

    public void OnPacket(ushort sequenceNumber, int length, long now, long frequency)
    {
        var extended = _unwrapper.Unwrap(sequenceNumber);
        if (_baseSequence < 0)
        {
            _baseSequence = extended;
            _rateWindowStart = now;
        }

        if (extended > _highestSequence)
        {
            _highestSequence = extended;
        }

        if (LastPacketAt != 0 && now - LastPacketAt >= frequency)
        {
            // The layer was paused (the sender dropped it, or constraints switched it off): a window spanning the pause
            // would say it costs almost nothing, and a paused 720p layer would look cheap enough to allocate. Measure afresh.
            Bitrate = 0;
            _rateWindowStart = now;
            _rateWindowBytes = 0;
        }

        PacketsReceived++;
        BytesReceived += length;
        LastPacketAt = now;
        _rateWindowBytes += length;
        if (now - _rateWindowStart >= frequency)
        {
            Bitrate = _rateWindowBytes * 8 * frequency / (now - _rateWindowStart);
            _rateWindowStart = now;
            _rateWindowBytes = 0;
        }
    }

    /// <summary>
    /// The layer now carries another stream (a new SSRC, already set): its receive statistics, sender report and
    /// keyframe height restart, the cached packets of the old stream are dropped and <see cref="SourceGeneration"/>
    /// counts up. The bitrate and the time of the last packet carry on (the layer keeps flowing).
    /// </summary>
    public void OnSourceChanged()
    {
        _unwrapper = default;
        _baseSequence = -1;
        _highestSequence = -1;
        _expectedPrior = _receivedPrior = 0;
        _statsExpectedPrior = _statsReceivedPrior = 0;
        PacketsReceived = 0;
        LastSenderReportNtpMiddle = 0;
        LastSenderReportReceivedAt = 0;
        KeyframeHeight = 0;
        Cache?.Clear();
        SourceGeneration++;
    }

    /// <summary>True when a packet arrived within <paramref name="timeoutTicks"/>.</summary>
    public bool IsActive(long now, long timeoutTicks) => LastPacketAt != 0 && now - LastPacketAt <= timeoutTicks;

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

    /// <summary>
    /// Packets the sender sent since the previous call (its sequence numbers advanced by <paramref name="expected"/>)
    /// and of those the ones that did not arrive, for the bridge's incoming loss. Independent of
    /// <see cref="TakeFractionLost"/>, which serves the RTCP receiver reports.
    /// </summary>
    public void TakeIntervalLoss(out long expected, out long lost)
    {
        expected = 0;
        lost = 0;
        if (_baseSequence < 0)
        {
            return;
        }

        var expectedTotal = _highestSequence - _baseSequence + 1;
        expected = expectedTotal - _statsExpectedPrior;
        lost = Math.Max(0, expected - (PacketsReceived - _statsReceivedPrior));
        _statsExpectedPrior = expectedTotal;
        _statsReceivedPrior = PacketsReceived;
        if (expected < 0)
        {
            expected = 0;
        }
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
