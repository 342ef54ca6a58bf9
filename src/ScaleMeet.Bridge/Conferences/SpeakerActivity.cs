namespace ScaleMeet.Bridge.Conferences;

/// <summary>
/// One participant's audio levels over time, for <see cref="SpeakerDetector"/>. Levels are binned by arrival time
/// (<see cref="BinMilliseconds"/> per bin, the loudest level of the bin kept), so the packet rate a sender chooses
/// does not change its weight: a hundred packets in a bin count as one. A bin without a packet repeats the last
/// level for up to <see cref="HoldBins"/> bins (network jitter), then counts as silence. The bins of the last
/// <see cref="FloorBins"/> (5 s) that carried a packet give the participant's own noise floor, a low percentile of
/// the levels it sent; a bin counts as speech only <see cref="SpeechMargin"/> dB above that floor, so a constant
/// level — fan noise, or a hostile sender repeating one loud level — never counts as speech however loud it is,
/// and pauses in its packets (jitter, or sending in bursts on purpose) do not lower its floor. Scores over three
/// intervals, after Jitsi's dominant speaker identification (Volfin and Cohen): immediate (how far above the
/// floor the last 100 ms were), medium (the share of speech bins in the last 500 ms) and long (in the last 2 s).
/// Loop thread only. Allocates once, when created; nothing per packet.
/// </summary>
internal sealed class SpeakerActivity
{
    /// <summary>Width of a time bin, in milliseconds: one 20 ms Opus packet.</summary>
    public const int BinMilliseconds = 20;

    /// <summary>Bins a missing packet is bridged over with the previous level (40 ms), before a gap counts as silence.</summary>
    public const int HoldBins = 2;

    /// <summary>Bins of history the noise floor is taken from: 5 s.</summary>
    public const int FloorBins = 250;

    /// <summary>Share of the history quieter than the floor (a low percentile, not the minimum: one quiet packet cannot pin it).</summary>
    public const double FloorPercentile = 0.1;

    /// <summary>dB above the participant's own floor at which a bin counts as speech.</summary>
    public const int SpeechMargin = 20;

    /// <summary>Bins quieter than this level (−dBov, RFC 6464) never count as speech, whatever the floor.</summary>
    public const int InaudibleLevel = 100;

    /// <summary>Width of one immediate sub-band in dB: the immediate score is in sub-bands above the floor, 0..13.</summary>
    public const int SubbandDecibels = 10;

    /// <summary>Bins of the immediate, medium and long intervals (100 ms, 500 ms, 2 s).</summary>
    public const int ImmediateBins = 5, MediumBins = 25, LongBins = 100;

    private const int MaxLoudness = 127;

    private const byte CarriedPacket = 0x80;

    private readonly byte[] _bins = new byte[FloorBins]; // per closed bin, a ring: loudness (127 − level: 0 = silence) | CarriedPacket
    private readonly int[] _histogram = new int[MaxLoudness + 1]; // how many bins of the ring that carried a packet have each loudness
    private int _filled;
    private int _carried; // bins of the ring that carried a packet
    private int _next;
    private long _openBin = -1;
    private int _openLoudness = -1; // loudest packet of the open bin, −1 = none yet
    private long _lastPacketBin = -1;
    private byte _lastLoudness;

    /// <summary>Immediate score: sub-bands above the floor, averaged over the last 100 ms (0..13).</summary>
    public double Immediate { get; private set; }

    /// <summary>Medium score: share of speech bins in the last 500 ms (0..1).</summary>
    public double Medium { get; private set; }

    /// <summary>Long score: share of speech bins in the last 2 s (0..1).</summary>
    public double Long { get; private set; }

    /// <summary>The noise floor of the last scoring, as loudness (127 − level).</summary>
    public int FloorLoudness { get; private set; }

    /// <summary>A packet's level (RFC 6464 byte: V bit ignored, 0 = loudest, 127 = silence) in time bin <paramref name="bin"/>.</summary>
    public void OnLevel(byte levelByte, long bin)
    {
        AdvanceTo(bin);
        var loudness = MaxLoudness - (levelByte & 0x7F);
        if (loudness > _openLoudness)
        {
            _openLoudness = loudness;
        }

        _lastPacketBin = bin;
        _lastLoudness = (byte)_openLoudness;
    }

    /// <summary>Closes every bin before <paramref name="bin"/> (a gap longer than the history is cut to it) and opens it.</summary>
    public void AdvanceTo(long bin)
    {
        if (_openBin < 0)
        {
            _openBin = bin;
            return;
        }

        if (bin <= _openBin)
        {
            return;
        }

        Close(_openLoudness >= 0 ? _openLoudness : Held(_openBin), carriedPacket: _openLoudness >= 0);
        var gap = Math.Min(bin - _openBin - 1, FloorBins);
        for (var i = 1; i <= gap; i++)
        {
            Close(Held(_openBin + i), carriedPacket: false);
        }

        _openBin = bin;
        _openLoudness = -1;
    }

    /// <summary>Recomputes the floor and the three scores from the closed bins.</summary>
    public void Score()
    {
        FloorLoudness = Floor();
        var speechFrom = Math.Max(FloorLoudness + SpeechMargin, MaxLoudness - InaudibleLevel);
        int subbands = 0, medium = 0, longCount = 0;
        var newest = Math.Min(_filled, LongBins);
        for (var age = 0; age < newest; age++)
        {
            var loudness = _bins[(_next - 1 - age + FloorBins) % FloorBins] & MaxLoudness;
            var speech = loudness >= speechFrom;
            if (age < ImmediateBins)
            {
                subbands += Math.Max(0, loudness - FloorLoudness) / SubbandDecibels;
            }

            if (speech && age < MediumBins)
            {
                medium++;
            }

            if (speech)
            {
                longCount++;
            }
        }

        Immediate = subbands / (double)ImmediateBins;
        Medium = medium / (double)MediumBins;
        Long = longCount / (double)LongBins;
    }

    private int Held(long bin) => _lastPacketBin >= 0 && bin - _lastPacketBin <= HoldBins ? _lastLoudness : 0;

    private void Close(int loudness, bool carriedPacket)
    {
        if (_filled == FloorBins)
        {
            var evicted = _bins[_next];
            if ((evicted & CarriedPacket) != 0)
            {
                _histogram[evicted & MaxLoudness]--;
                _carried--;
            }
        }
        else
        {
            _filled++;
        }

        _bins[_next] = (byte)(loudness | (carriedPacket ? CarriedPacket : 0));
        if (carriedPacket)
        {
            _histogram[loudness]++;
            _carried++;
        }

        _next = (_next + 1) % FloorBins;
    }

    private int Floor()
    {
        if (_carried == 0)
        {
            return 0;
        }

        var below = (int)(_carried * FloorPercentile);
        var counted = 0;
        for (var loudness = 0; loudness <= MaxLoudness; loudness++)
        {
            counted += _histogram[loudness];
            if (counted > below)
            {
                return loudness;
            }
        }

        return MaxLoudness;
    }
}
