namespace ScaleMeet.Contracts.Control;

/// <summary>
/// One encoding of a relayed track as its origin bridge receives it: its <paramref name="Ssrc"/> (0 while the origin
/// has not learned a simulcast layer's SSRC from the rid header extension yet), the simulcast <paramref name="Rid"/>
/// (null for a track sent without simulcast) and its RTX SSRC. Relayed packets keep these SSRCs.
/// </summary>
public sealed record RelayedLayer(uint Ssrc, string? Rid = null, uint? RtxSsrc = null);
