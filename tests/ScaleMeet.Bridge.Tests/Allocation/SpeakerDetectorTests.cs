using ScaleMeet.Bridge.Conferences;

namespace ScaleMeet.Bridge.Tests.Allocation;

public sealed class SpeakerDetectorTests
{
    private const byte Silence = 127;
    private const byte Speech = 30;

    private readonly Conference _conference = new("room");
    private readonly SpeakerDetector _detector = new();

    private Endpoint NewEndpoint(string id) => new(_conference, id, id);

    /// <summary>One evaluation period (~200 ms) of 20 ms Opus packets at the given levels.</summary>
    private bool Period(params (Endpoint Endpoint, byte Level)[] talkers)
    {
        for (var packet = 0; packet < 10; packet++)
        {
            foreach (var (endpoint, level) in talkers)
            {
                _detector.OnAudioLevel(endpoint, level);
            }
        }

        return _detector.Evaluate();
    }

    [Fact]
    public void OneSpeaker_BecomesDominant_SilenceNever()
    {
        var alice = NewEndpoint("alice");
        var bob = NewEndpoint("bob");

        Assert.True(Period((alice, Speech), (bob, Silence)));
        Assert.Same(alice, _detector.Dominant);
        Assert.False(Period((alice, Speech), (bob, Silence)));
    }

    [Fact]
    public void Everyone_Silent_NoDominantSpeaker()
    {
        var alice = NewEndpoint("alice");

        Assert.False(Period((alice, Silence)));
        Assert.Null(_detector.Dominant);
    }

    [Fact]
    public void BriefInterruption_DoesNotTakeTheFloor_SustainedSpeechDoes()
    {
        var alice = NewEndpoint("alice");
        var bob = NewEndpoint("bob");
        for (var i = 0; i < 10; i++)
        {
            Period((alice, Speech), (bob, Silence));
        }

        // Bob talks over Alice for one period: not enough.
        Assert.False(Period((alice, Speech), (bob, Speech)));
        Assert.Same(alice, _detector.Dominant);

        // Alice stops, Bob goes on: Bob takes over within a few periods (< 2 s).
        var changedAfter = Enumerable.Range(1, 10).First(_ => Period((alice, Silence), (bob, Speech)));
        Assert.Same(bob, _detector.Dominant);
        Assert.True(changedAfter <= 5, $"took {changedAfter} periods");
        Assert.Equal([bob, alice], _detector.RecentSpeakers);
    }

    [Fact]
    public void Removed_DominantSpeaker_Forgotten()
    {
        var alice = NewEndpoint("alice");
        Period((alice, Speech));

        _detector.Remove(alice);

        Assert.Null(_detector.Dominant);
        Assert.Empty(_detector.RecentSpeakers);
    }
}
