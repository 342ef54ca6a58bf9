namespace ScaleMeet.Media.Sdp;

/// <summary>
/// One extension pair at the end of an a=candidate line (RFC 8839 §5.1):
///   cand-extension = extension-att-name SP extension-att-value
/// e.g. "ufrag EsAw", "network-id 1", "network-cost 10".
/// </summary>
public sealed record SdpCandidateExtension(string Name, string Value);
