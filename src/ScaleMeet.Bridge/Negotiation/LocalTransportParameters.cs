using System.Globalization;
using System.Net;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Bridge.Negotiation;

/// <summary>
/// The bridge side of one transport as it appears in SDP: ICE credentials, DTLS fingerprint, host candidates.
/// Immutable (the credentials are made with the endpoint), so offers and answers are written with it off the loop.
/// </summary>
internal sealed record LocalTransportParameters(string IceUfrag, string IcePwd, string Fingerprint, IReadOnlyList<IPEndPoint> Candidates)
{
    /// <summary>Writes the transport attributes of an ICE-lite, rtcp-mux, BUNDLEd media section.</summary>
    public void WriteTo(MediaDescription media, string setup)
    {
        media.ConnectionAddress = "0.0.0.0";
        media.IceUfrag = IceUfrag;
        media.IcePwd = IcePwd;
        media.Fingerprint = new SdpFingerprint("sha-256", Fingerprint);
        media.Setup = setup;
        WriteCandidatesTo(media);
        media.RtcpMux = true;
    }

    /// <summary>
    /// Writes ICE credentials, fingerprint and setup once, at session level (RFC 8839 §5.4, RFC 8122 §5, RFC 4145 §4),
    /// for descriptions whose sections all share one BUNDLEd transport: every section inherits them.
    /// </summary>
    public void WriteSessionTo(SessionDescription session, string setup)
    {
        session.IceUfrag = IceUfrag;
        session.IcePwd = IcePwd;
        session.Fingerprint = new SdpFingerprint("sha-256", Fingerprint);
        session.Setup = setup;
    }

    /// <summary>The host candidates and <c>a=end-of-candidates</c>; with BUNDLE, on the first (BUNDLE-tag) section only.</summary>
    public void WriteCandidatesTo(MediaDescription media)
    {
        for (var i = 0; i < Candidates.Count; i++)
        {
            var c = Candidates[i];
            media.AddCandidate(new SdpCandidate(
                (i + 1).ToString(CultureInfo.InvariantCulture), 1, "udp", (uint)(2130706431 - i),
                c.Address.ToString(), c.Port, "host", Generation: 0));
        }

        media.EndOfCandidates = true;
    }

    /// <summary>Session-level lines common to the bridge's offers and answers.</summary>
    public static SessionDescription NewSession(ulong sessionId, ulong version, IEnumerable<string> bundleMids)
    {
        var session = new SessionDescription { Origin = new SdpOrigin("scalemeet", sessionId, version) };
        session.AddAttribute("group", "BUNDLE " + string.Join(' ', bundleMids));
        session.AddAttribute("ice-lite");
        return session;
    }
}
