namespace ScaleMeet.Bridge.Conferences;

/// <summary>
/// Dominant speaker from the senders' audio-level header extension (RFC 6464: 0 = loudest, 127 = silence,
/// in −dBov). Per endpoint, packets louder than <see cref="SpeechLevel"/> count as speech; every evaluation
/// the counts decay into a score, and the loudest sustained speaker wins, with hysteresis so a cough does not
/// take the floor. Loop thread only; time comes from the caller's ticks.
/// </summary>
internal sealed class SpeakerDetector
{
    /// <summary>Audio level (−dBov) below which a packet counts as speech.</summary>
    public const int SpeechLevel = 70;

    /// <summary>Score a speaker needs to be dominant (a few hundred ms of speech).</summary>
    public const double MinimumScore = 2.0;

    /// <summary>How much of the previous score survives an evaluation (evaluations are ~200 ms apart).</summary>
    private const double Decay = 0.75;

    /// <summary>A challenger needs this factor over the current speaker's score.</summary>
    private const double Hysteresis = 1.3;

    private readonly Dictionary<Endpoint, Activity> _activity = [];

    public Endpoint? Dominant { get; private set; }

    /// <summary>Endpoints in the order they last were dominant, most recent first.</summary>
    public List<Endpoint> RecentSpeakers { get; } = [];

    public void OnAudioLevel(Endpoint endpoint, byte levelByte)
    {
        if (!_activity.TryGetValue(endpoint, out var activity))
        {
            activity = new Activity();
            _activity.Add(endpoint, activity);
        }

        if ((levelByte & 0x7F) < SpeechLevel)
        {
            activity.SpeechPackets++;
        }
    }

    public void Remove(Endpoint endpoint)
    {
        _activity.Remove(endpoint);
        RecentSpeakers.Remove(endpoint);
        if (Dominant == endpoint)
        {
            Dominant = null;
        }
    }

    /// <summary>Folds the packets since the last call into the scores; returns true when the dominant speaker changed.</summary>
    public bool Evaluate()
    {
        Endpoint? best = null;
        var bestScore = 0.0;
        foreach (var (endpoint, activity) in _activity)
        {
            activity.Score = (activity.Score * Decay) + activity.SpeechPackets;
            activity.SpeechPackets = 0;
            if (activity.Score > bestScore)
            {
                best = endpoint;
                bestScore = activity.Score;
            }
        }

        if (best is null || best == Dominant || bestScore < MinimumScore)
        {
            return false;
        }

        var currentScore = Dominant is not null && _activity.TryGetValue(Dominant, out var current) ? current.Score : 0;
        if (currentScore >= MinimumScore && bestScore < currentScore * Hysteresis)
        {
            return false;
        }

        Dominant = best;
        RecentSpeakers.Remove(best);
        RecentSpeakers.Insert(0, best);
        return true;
    }

    private sealed class Activity
    {
        public int SpeechPackets;
        public double Score;
    }
}
