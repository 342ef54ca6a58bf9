namespace ScaleMeet.LoadTest.Signaling;

/// <summary>
/// One remote track of the server's latest subscribe offer: its section (<paramref name="Mid"/>), the participant and
/// kind, and the SSRC it arrives with. A recycled section names another participant and a new SSRC.
/// </summary>
public sealed record SubscribedTrack(string Mid, string ParticipantId, string Kind, uint Ssrc);
