namespace ScaleMeet.Contracts.Control;

/// <summary>One track of a subscribe offer: its media section, whose it is, its kind (audio, video) and track id.</summary>
public sealed record SubscribedTrack(string Mid, string ParticipantId, string Kind, string TrackId);
