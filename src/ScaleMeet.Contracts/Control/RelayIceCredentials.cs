namespace ScaleMeet.Contracts.Control;

/// <summary>
/// STUN short-term credentials of one end of a relay (ICE's ice-ufrag and ice-pwd: 8 and 24 ice-chars when the focus
/// makes them). A check to that end carries USERNAME "its ufrag:sender's ufrag" and MESSAGE-INTEGRITY keyed with its pwd.
/// </summary>
public sealed record RelayIceCredentials(string Ufrag, string Pwd);
