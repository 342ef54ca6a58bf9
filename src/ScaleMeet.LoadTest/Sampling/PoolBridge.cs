namespace ScaleMeet.LoadTest.Sampling;

/// <summary>One bridge as the focus's registry lists it at one moment.</summary>
public sealed record PoolBridge(string Id, string Region, string State, double Stress, int Participants, int Conferences,
    IReadOnlyList<string> MediaAddresses, Uri? StatsUrl);
