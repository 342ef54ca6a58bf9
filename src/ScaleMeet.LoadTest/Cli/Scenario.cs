namespace ScaleMeet.LoadTest.Cli;

/// <summary>
/// A load shape: conferences × participants, of whom <see cref="Senders"/> per conference publish audio and video.
/// S1–S4 are the capacity study's scenarios (every participant sends 720p simulcast).
/// </summary>
public sealed record Scenario(string Name, int Conferences, int Participants, int Senders)
{
    public static readonly IReadOnlyList<Scenario> Study =
    [
        new("S1", 1, 3, 3),
        new("S2", 1, 10, 10),
        new("S3", 3, 10, 10),
        new("S4", 10, 3, 3),
    ];

    public int TotalParticipants => Conferences * Participants;

    /// <summary>The study scenario named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static Scenario? Find(string name) =>
        Study.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
