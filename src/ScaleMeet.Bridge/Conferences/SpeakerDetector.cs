using ScaleMeet.Bridge.Routing;

namespace ScaleMeet.Bridge.Conferences;

/// <summary>
/// Dominant speaker from the senders' audio-level header extension (RFC 6464: 0 = loudest, 127 = silence, in
/// −dBov), judged over time and per participant, in the spirit of Jitsi's DominantSpeakerIdentification (Volfin
/// and Cohen): each participant's levels are binned by time and measured against its own noise floor
/// (<see cref="SpeakerActivity"/>), so neither the packet rate nor a constant loud level buys the floor. At each
/// evaluation (~200 ms apart) a challenger replaces the dominant speaker only when it beats it in all three
/// intervals — louder over its floor now (immediate), more speech in the last 500 ms by <see cref="MediumRatio"/>
/// (medium) and in the last 2 s (long; waived once the dominant speaker has been silent for 500 ms) — and has
/// spoken for a while itself (<see cref="MinimumMedium"/>, <see cref="MinimumLong"/>): talking over the speaker
/// for a moment does not take the floor; half a second of speech after the speaker stopped does.
/// Silence keeps the last dominant speaker. Loop thread only; timestamps come from the <see cref="TimeProvider"/>
/// given at construction.
/// </summary>
internal sealed class SpeakerDetector(TimeProvider time)
{
    /// <summary>Share of speech in the last 500 ms a speaker needs to be (or become) dominant.</summary>
    public const double MinimumMedium = 0.3;

    /// <summary>Share of speech in the last 2 s a speaker needs to be (or become) dominant.</summary>
    public const double MinimumLong = 0.15;

    /// <summary>A challenger's medium score must exceed the dominant speaker's by this factor.</summary>
    public const double MediumRatio = 1.5;

    /// <summary>Scores compared as if at least this large, so a silent dominant speaker (0) is beaten by any speech.</summary>
    private const double Epsilon = 0.01;

    private readonly Dictionary<IMediaSender, SpeakerActivity> _activity = [];
    private readonly long _binTicks = Math.Max(1, time.TimestampFrequency * SpeakerActivity.BinMilliseconds / 1000);

    public IMediaSender? Dominant { get; private set; }

    /// <summary>Senders in the order they last were dominant, most recent first.</summary>
    public List<IMediaSender> RecentSpeakers { get; } = [];

    /// <summary>One audio packet's level byte, received at <paramref name="timestamp"/> (the time provider's ticks).</summary>
    public void OnAudioLevel(IMediaSender endpoint, byte levelByte, long timestamp)
    {
        if (!_activity.TryGetValue(endpoint, out var activity))
        {
            activity = new SpeakerActivity();
            _activity.Add(endpoint, activity);
        }

        activity.OnLevel(levelByte, timestamp / _binTicks);
    }

    public void Remove(IMediaSender endpoint)
    {
        _activity.Remove(endpoint);
        RecentSpeakers.Remove(endpoint);
        if (Dominant == endpoint)
        {
            Dominant = null;
        }
    }

    /// <summary>Scores everyone up to <paramref name="timestamp"/>; returns true when the dominant speaker changed.</summary>
    public bool Evaluate(long timestamp)
    {
        var bin = timestamp / _binTicks;
        foreach (var activity in _activity.Values)
        {
            activity.AdvanceTo(bin);
            activity.Score();
        }

        var current = Dominant is not null ? _activity.GetValueOrDefault(Dominant) : null;
        IMediaSender? best = null;
        SpeakerActivity? bestActivity = null;
        foreach (var (endpoint, activity) in _activity)
        {
            if (endpoint == Dominant || activity.Medium < MinimumMedium || activity.Long < MinimumLong
                || (current is not null && !Beats(activity, current)))
            {
                continue;
            }

            if (bestActivity is null || activity.Long > bestActivity.Long
                || (activity.Long == bestActivity.Long && activity.Medium > bestActivity.Medium))
            {
                best = endpoint;
                bestActivity = activity;
            }
        }

        if (best is null)
        {
            return false;
        }

        Dominant = best;
        RecentSpeakers.Remove(best);
        RecentSpeakers.Insert(0, best);
        return true;
    }

    /// <summary>
    /// Louder now, more speech in the last 500 ms by <see cref="MediumRatio"/>, and more in the last 2 s — unless the
    /// dominant speaker has been silent for those 500 ms: then the challenger's own minimum speech is enough.
    /// </summary>
    private static bool Beats(SpeakerActivity challenger, SpeakerActivity dominant) =>
        challenger.Immediate > Math.Max(dominant.Immediate, Epsilon)
        && challenger.Medium > MediumRatio * Math.Max(dominant.Medium, Epsilon)
        && (challenger.Long > Math.Max(dominant.Long, Epsilon) || dominant.Medium == 0);
}
