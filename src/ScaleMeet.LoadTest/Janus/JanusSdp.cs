using System.Globalization;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.LoadTest.Janus;

/// <summary>What the Janus flavour of SDP needs beyond <see cref="SyntheticSdp"/>. Pure functions.</summary>
internal static class JanusSdp
{
    /// <summary>
    /// <see cref="SyntheticSdp.PublishOffer"/> with our host candidate (<see cref="WithHostCandidate"/>).
    /// </summary>
    public static string PublishOffer(SyntheticTransport transport, SyntheticTracks tracks) =>
        WithHostCandidate(SyntheticSdp.PublishOffer(transport, tracks), transport, sessionCredentials: false);

    /// <summary>
    /// <see cref="SyntheticSdp.SubscribeAnswer"/> with our host candidate, plus our ICE credentials and fingerprint
    /// at session level: Janus reads them from the session or from m-line 0, and after an unsubscribe m-line 0 may be
    /// rejected (port 0, no transport attributes).
    /// </summary>
    public static string SubscribeAnswer(SyntheticTransport transport, string offerSdp) =>
        WithHostCandidate(SyntheticSdp.SubscribeAnswer(transport, offerSdp), transport, sessionCredentials: true);

    /// <summary>
    /// Adds <paramref name="transport"/>'s socket address as a host candidate and a=end-of-candidates to every
    /// m-line that is not rejected. Janus's ICE-lite agent (libnice) only answers checks from a remote candidate
    /// it was told about: with none, ICE fails even though our checks get responses.
    /// </summary>
    public static string WithHostCandidate(string sdp, SyntheticTransport transport, bool sessionCredentials)
    {
        if (!SessionDescription.TryParse(sdp, out var session, out var error))
        {
            throw new FormatException($"our SDP does not parse: {error}");
        }

        var local = transport.LocalEndPoint;
        var candidate = new SdpCandidate("1", 1, "udp", IceControllingAgent.HostPriority, local.Address.ToString(), local.Port, "host");
        foreach (var media in session!.Media.Where(m => m.Port != 0))
        {
            media.AddCandidate(candidate);
            media.EndOfCandidates = true;
        }

        if (sessionCredentials)
        {
            session.IceUfrag = transport.LocalUfrag;
            session.IcePwd = transport.LocalPwd;
            session.Fingerprint = new SdpFingerprint("sha-256", transport.LocalFingerprint);
        }

        return session.ToString();
    }

    /// <summary>Each non-rejected m-line's mid and its media SSRC (the first of an FID group, else the first a=ssrc; 0 if none).</summary>
    public static Dictionary<string, uint> SsrcsByMid(string offerSdp)
    {
        var result = new Dictionary<string, uint>(StringComparer.Ordinal);
        if (!SessionDescription.TryParse(offerSdp, out var session, out _))
        {
            return result;
        }

        foreach (var media in session!.Media)
        {
            if (media.Mid is null || media.Port == 0)
            {
                continue;
            }

            var fid = media.SsrcGroups.FirstOrDefault(g => g.Semantics == "FID" && g.Ssrcs.Count > 0);
            var ssrcs = media.Ssrcs;
            result[media.Mid] = fid?.Ssrcs[0] ?? (ssrcs.Count > 0 ? ssrcs[0] : 0);
        }

        return result;
    }

    /// <summary>The feed id a VideoRoom "No such feed (…)" error names, if it names one.</summary>
    public static bool TryReadMissingFeed(string reason, out long feed)
    {
        feed = 0;
        var open = reason.LastIndexOf('(');
        var close = reason.LastIndexOf(')');
        return open >= 0 && close > open + 1 &&
               long.TryParse(reason.AsSpan(open + 1, close - open - 1), NumberStyles.None, CultureInfo.InvariantCulture, out feed);
    }
}
