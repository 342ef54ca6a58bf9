namespace ScaleMeet.Focus.Selection;

/// <summary>What is being placed: one participant of one conference.</summary>
/// <param name="ConferenceId">The conference the participant joins.</param>
/// <param name="ParticipantRegion">The participant's region, or "" when unknown (Jicofo's <c>null</c>: it matches no
/// bridge's region, not even a bridge that named none).</param>
/// <param name="ConferenceBridges">Bridge id → participants of this conference on that bridge; empty for the first
/// participant. A bridge listed here is "in the conference" even with 0 participants.</param>
public sealed record SelectionRequest(
    string ConferenceId,
    string ParticipantRegion,
    IReadOnlyDictionary<string, int> ConferenceBridges);
