namespace ScaleMeet.Bridge.Conferences;

/// <summary>A room's media state on this bridge: its endpoints. Loop thread only.</summary>
internal sealed class Conference(string id)
{
    public string Id { get; } = id;

    public Dictionary<string, Endpoint> Endpoints { get; } = new(StringComparer.Ordinal);
}
