using ScaleMeet.Bridge.Conferences;

namespace ScaleMeet.Bridge.Tests.Conferences;

public sealed class SpeakerDetectorTests
{
    private const byte Silence = 127;

    private static readonly TimeProvider Clock = TimeProvider.System; // only its tick frequency is used: the tests pass timestamps

    private readonly Conference _conference = new("room");
    private readonly SpeakerDetector _detector = new(Clock);
    private int _milliseconds = 1_000;

    private Endpoint NewEndpoint(string id) => new(_conference, id, id);

    /// <summary>
    /// Speech as the audio-level extension shows it: syllables around −30 dBov with a pause of 40–60 ms every
    /// 200–300 ms, never two packets alike. <paramref name="voice"/> varies the rhythm between speakers.
    /// </summary>
    private static byte Speech(int packet, int voice = 0)
    {
        var cycle = 11 + (voice % 3);
        return (packet % cycle) switch
        {
            0 or 1 => (byte)(90 + (packet % 7)),
            var i => (byte)(26 + ((i * 7 + voice) % 12)),
        };
    }

    private static Func<int, byte> Speaking(int voice = 0) => packet => Speech(packet, voice);

    private static Func<int, byte> Constant(byte level) => _ => level;

    /// <summary>One 200 ms evaluation period; each talker sends a packet every <c>Interval</c> ms with the level its voice gives.</summary>
    private bool Period(params (Endpoint Endpoint, Func<int, byte> Voice, int Interval)[] talkers)
    {
        var start = _milliseconds;
        for (var ms = 0; ms < 200; ms++)
        {
            foreach (var (endpoint, voice, interval) in talkers)
            {
                if (ms % interval == 0)
                {
                    _detector.OnAudioLevel(endpoint, voice((start + ms) / interval), Timestamp(start + ms));
                }
            }
        }

        _milliseconds += 200;
        return _detector.Evaluate(Timestamp(_milliseconds));
    }

    private static long Timestamp(int milliseconds) => milliseconds * Clock.TimestampFrequency / 1000;

    /// <summary>Periods until the dominant speaker changes (at most <paramref name="limit"/>), or null.</summary>
    private int? PeriodsUntilChange(int limit, params (Endpoint, Func<int, byte>, int)[] talkers)
    {
        for (var i = 1; i <= limit; i++)
        {
            if (Period(talkers))
            {
                return i;
            }
        }

        return null;
    }

    [Fact]
    public void OneSpeaker_BecomesDominantWithinHalfASecond_SilenceNever()
    {
        var alice = NewEndpoint("alice");
        var bob = NewEndpoint("bob");

        var after = PeriodsUntilChange(10, (alice, Speaking(), 20), (bob, Constant(Silence), 20));

        Assert.Same(alice, _detector.Dominant);
        Assert.InRange(after!.Value, 1, 3);
        Assert.Null(PeriodsUntilChange(10, (alice, Speaking(), 20), (bob, Constant(Silence), 20)));
    }

    [Fact]
    public void Everyone_Silent_NoDominantSpeaker()
    {
        var alice = NewEndpoint("alice");
        var bob = NewEndpoint("bob");

        Assert.Null(PeriodsUntilChange(25, (alice, Constant(Silence), 20), (bob, Constant(Silence), 20)));
        Assert.Null(_detector.Dominant);
    }

    [Fact]
    public void NobodySendsAnything_NoDominantSpeaker()
    {
        NewEndpoint("alice");

        Assert.Null(PeriodsUntilChange(10));
        Assert.Null(_detector.Dominant);
    }

    [Fact]
    public void BriefInterruption_DoesNotTakeTheFloor_SustainedSpeechDoes()
    {
        var alice = NewEndpoint("alice");
        var bob = NewEndpoint("bob");
        PeriodsUntilChange(10, (alice, Speaking(), 20), (bob, Constant(Silence), 20));
        Assert.Same(alice, _detector.Dominant);

        // Bob talks over Alice for one period, then for two more: not enough while Alice goes on.
        Assert.Null(PeriodsUntilChange(3, (alice, Speaking(), 20), (bob, Speaking(voice: 1), 20)));
        Assert.Same(alice, _detector.Dominant);

        // Alice stops, Bob goes on: Bob takes over after sustained speech: not at once, within a second.
        var changedAfter = PeriodsUntilChange(10, (alice, Constant(Silence), 20), (bob, Speaking(voice: 1), 20));
        Assert.Same(bob, _detector.Dominant);
        Assert.InRange(changedAfter!.Value, 2, 4);
        Assert.Equal([bob, alice], _detector.RecentSpeakers);
    }

    [Fact]
    public void TwoSpeakers_TalkingAlike_DominantKeepsTheFloor()
    {
        var alice = NewEndpoint("alice");
        var bob = NewEndpoint("bob");
        PeriodsUntilChange(10, (alice, Speaking(), 20));
        Assert.Same(alice, _detector.Dominant);

        Assert.Null(PeriodsUntilChange(25, (alice, Speaking(), 20), (bob, Speaking(voice: 2), 20)));
        Assert.Same(alice, _detector.Dominant);
    }

    [Fact]
    public void ConstantLoudLevel_FloodedAtTwentyTimesThePacketRate_NeverBeatsARealSpeaker()
    {
        var alice = NewEndpoint("alice");
        var flooder = NewEndpoint("flooder");

        // The flooder sends the loudest level there is, one packet a millisecond, from before Alice starts.
        Assert.Null(PeriodsUntilChange(10, (flooder, Constant(0), 1)));
        var after = PeriodsUntilChange(10, (alice, Speaking(), 20), (flooder, Constant(0), 1));
        Assert.Same(alice, _detector.Dominant);
        Assert.InRange(after!.Value, 1, 3);

        Assert.Null(PeriodsUntilChange(25, (alice, Speaking(), 20), (flooder, Constant(0), 1)));
        Assert.Same(alice, _detector.Dominant);
        Assert.DoesNotContain(flooder, _detector.RecentSpeakers);
    }

    [Fact]
    public void ConstantLoudLevel_Alone_NeverDominant()
    {
        var flooder = NewEndpoint("flooder");

        Assert.Null(PeriodsUntilChange(50, (flooder, Constant(10), 1)));
        Assert.Null(_detector.Dominant);
    }

    [Fact]
    public void ConstantLoudLevel_InBurstsWithPauses_NeverScoresAsSpeech()
    {
        // A constant loud level sent in bursts, one bin in five (100 ms pauses, longer than the hold): the pauses are
        // silence, but the floor comes from the bins that carried packets, so neither pauses nor bursts are speech.
        var bursty = new SpeakerActivity();
        for (var bin = 0L; bin < 400; bin++)
        {
            if (bin % 5 == 0)
            {
                bursty.OnLevel(10, bin);
            }
            else
            {
                bursty.AdvanceTo(bin);
            }

            if (bin % 10 == 9)
            {
                bursty.Score();
                Assert.Equal((0.0, 0.0), (bursty.Medium, bursty.Long));
            }
        }

        Assert.Equal(127 - 10, bursty.FloorLoudness);
    }

    [Fact]
    public void SameSpeech_AtTenTimesThePacketRate_ScoresTheSame()
    {
        var normal = new SpeakerActivity();
        var flooded = new SpeakerActivity();
        for (var bin = 0L; bin < 400; bin++)
        {
            var level = Speech((int)bin);
            normal.OnLevel(level, bin);
            for (var copy = 0; copy < 10; copy++)
            {
                flooded.OnLevel(level, bin);
            }

            if (bin % 10 == 9)
            {
                normal.Score();
                flooded.Score();
                Assert.Equal((normal.Immediate, normal.Medium, normal.Long, normal.FloorLoudness),
                    (flooded.Immediate, flooded.Medium, flooded.Long, flooded.FloorLoudness));
            }
        }

        Assert.True(normal.Long > 0.5, $"speech scored {normal.Long:0.00} over 2 s");
    }

    [Fact]
    public void DominantSpeaker_ChallengedBySameSpeechAtTenTimesThePacketRate_KeepsTheFloor()
    {
        var alice = NewEndpoint("alice");
        var bob = NewEndpoint("bob");
        PeriodsUntilChange(10, (alice, Speaking(), 20));
        Assert.Same(alice, _detector.Dominant);

        Assert.Null(PeriodsUntilChange(25, (alice, Speaking(), 20), (bob, packet => Speech(packet / 10), 2)));
        Assert.Same(alice, _detector.Dominant);
    }

    [Fact]
    public void SpeakerInANoisyRoom_JudgedAgainstItsOwnNoiseFloor()
    {
        var noisy = NewEndpoint("noisy");
        var constant = NewEndpoint("constant");

        // Fan noise at −60 dBov between the syllables; a louder constant hum from the other participant.
        Func<int, byte> noisySpeech = packet => Speech(packet) >= 90 ? (byte)60 : Speech(packet);
        var after = PeriodsUntilChange(10, (noisy, noisySpeech, 20), (constant, Constant(35), 20));

        Assert.Same(noisy, _detector.Dominant);
        Assert.InRange(after!.Value, 1, 3);
    }

    [Fact]
    public void StoppedSending_CountsAsSilence_ChallengerTakesOver()
    {
        var alice = NewEndpoint("alice");
        var bob = NewEndpoint("bob");
        PeriodsUntilChange(10, (alice, Speaking(), 20));

        // Alice's packets stop altogether (muted, or DTX): Bob's speech takes over as if she were silent.
        var after = PeriodsUntilChange(10, (bob, Speaking(voice: 1), 20));

        Assert.Same(bob, _detector.Dominant);
        Assert.InRange(after!.Value, 2, 4);
    }

    [Fact]
    public void Removed_DominantSpeaker_Forgotten_OthersCanTakeOver()
    {
        var alice = NewEndpoint("alice");
        var bob = NewEndpoint("bob");
        PeriodsUntilChange(10, (alice, Speaking(), 20));
        Assert.Same(alice, _detector.Dominant);

        _detector.Remove(alice);

        Assert.Null(_detector.Dominant);
        Assert.Empty(_detector.RecentSpeakers);
        Assert.NotNull(PeriodsUntilChange(10, (bob, Speaking(voice: 1), 20)));
        Assert.Same(bob, _detector.Dominant);
        Assert.Equal([bob], _detector.RecentSpeakers);
    }
}
