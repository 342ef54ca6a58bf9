namespace ScaleMeet.Bridge.Conferences;

/// <summary>A room's media state on this bridge: its endpoints and who speaks. Loop thread only.</summary>
internal sealed class Conference(string id)
{
    public string Id { get; } = id;

    public Dictionary<string, Endpoint> Endpoints { get; } = new(StringComparer.Ordinal);

    public SpeakerDetector Speakers { get; } = new();

    /// <summary>Set when sources, constraints or speakers changed: layer allocation runs again soon.</summary>
    public bool AllocationNeeded { get; set; }
}
