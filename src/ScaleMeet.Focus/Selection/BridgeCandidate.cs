using ScaleMeet.Focus.Bridges;

namespace ScaleMeet.Focus.Selection;

/// <summary>
/// A bridge as selection sees it: one row of a registry snapshot, taken under the focus lock.
/// </summary>
/// <param name="Id">The bridge id (unique in the pool; the last tie-breaker of every ordering, compared ordinal).</param>
/// <param name="Region">The region the bridge named, or "" when it named none (a bridge without a region is in no
/// participant's region: Jicofo's <c>null</c> region).</param>
/// <param name="Version">The bridge's version, e.g. "1.4.2"; its major version is the part before the first '.'.</param>
/// <param name="State">Where the bridge is in its life; only Active and Draining bridges are ever selected.</param>
/// <param name="Stress">The bridge's last reported stress, 1.0 = fully loaded (may exceed 1).</param>
/// <param name="Participants">Endpoints on the bridge now, all conferences together.</param>
/// <param name="RecentlyPlaced">Participants the focus placed there within
/// <see cref="SelectionOptions.ParticipantRampUpInterval"/> (not yet reflected in <paramref name="Stress"/>).</param>
/// <param name="AverageParticipantStress">What one more participant adds to the bridge's stress (the bridge reports it).</param>
public sealed record BridgeCandidate(
    string Id,
    string Region,
    string Version,
    BridgeState State,
    double Stress,
    int Participants,
    int RecentlyPlaced,
    double AverageParticipantStress)
{
    /// <summary>
    /// The reported stress corrected for the participants placed since it was measured. Matches Jicofo's
    /// <c>Bridge.correctedStress</c> (last reported stress + recently added endpoints × average participant stress),
    /// without Jicofo's extra correction for a bridge failing ICE (the focus has no such detection).
    /// </summary>
    public double CorrectedStress => Stress + RecentlyPlaced * AverageParticipantStress;
}
