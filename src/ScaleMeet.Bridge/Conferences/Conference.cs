namespace ScaleMeet.Bridge.Conferences;

/// <summary>A room's media state on this bridge: its endpoints and who speaks. Loop thread only.</summary>
internal sealed class Conference(string id, TimeProvider? time = null, long generation = 0)
{
    /// <summary>The focus's conference id (the room).</summary>
    public string Id { get; } = id;

    /// <summary>Which life of the room (see <see cref="ConferenceKey"/>).</summary>
    public long Generation { get; } = generation;

    public ConferenceKey Key => new(Id, Generation);

    public Dictionary<string, Endpoint> Endpoints { get; } = new(StringComparer.Ordinal);

    /// <summary>The dominant speaker; its timestamps come from <paramref name="time"/> (the system clock when none is given).</summary>
    public SpeakerDetector Speakers { get; } = new(time ?? TimeProvider.System);

    /// <summary>Set when sources, constraints or speakers changed: layer allocation runs again soon.</summary>
    public bool AllocationNeeded { get; set; }
}
