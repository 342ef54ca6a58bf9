namespace ScaleMeet.Bridge.Conferences;

/// <summary>
/// A conference on this bridge: the focus's conference id and its generation. A room recreated while its previous
/// conference is still being ended has a new generation, so the two never merge.
/// </summary>
internal readonly record struct ConferenceKey(string Id, long Generation)
{
    public override string ToString() => Generation == 0 ? Id : $"{Id}#{Generation}";
}
