namespace ScaleMeet.Contracts.Control;

/// <summary>
/// One track of a sender as it crosses a relay: its kind (<c>audio</c>, <c>video</c>), its mid on the sender's publish
/// connection (the track id receivers see), the payload types its packets carry as the sender sent them, and its
/// encodings lowest first.
/// </summary>
public sealed record RelayedTrack(string Kind, string Mid, int PayloadType, IReadOnlyList<RelayedLayer> Layers, int? RtxPayloadType = null);
