namespace ScaleMeet.Media.Sdp;

/// <summary>
/// RTP views of a media section: payload mappings (RFC 8866 §6.6, §6.15), RTCP feedback (RFC 4585),
/// header extensions (RFC 8285), sources (RFC 5576), msid (RFC 8830), rid (RFC 8851) and simulcast
/// (RFC 8853). Getters parse <see cref="Attributes"/>; adders check and append.
/// </summary>
public sealed partial class MediaDescription
{
    public IReadOnlyList<SdpRtpMap> RtpMaps => Attributes.ParseAll<SdpRtpMap>("rtpmap", SdpRtpMap.TryParse);

    public void AddRtpMap(SdpRtpMap rtpMap) => Attributes.AddChecked("rtpmap", rtpMap.ToValue());

    public SdpRtpMap? GetRtpMap(int payloadType) => RtpMaps.FirstOrDefault(m => m.PayloadType == payloadType);

    public IReadOnlyList<SdpFmtp> Fmtps => Attributes.ParseAll<SdpFmtp>("fmtp", SdpFmtp.TryParse);

    /// <summary>The format parameters of a payload type ("minptime=10;useinbandfec=1"), or null.</summary>
    public string? GetFmtp(int pt) => Fmtps.FirstOrDefault(f => f.Format == SdpGrammar.Invariant(pt))?.Parameters;

    /// <summary>Sets (replacing in place) or, with null, removes the a=fmtp of a payload type.</summary>
    public void SetFmtp(int pt, string? parameters)
    {
        string format = SdpGrammar.Invariant(pt);
        SdpAttribute? replacement = null;
        if (parameters is not null)
        {
            string value = format + " " + parameters;
            SdpAttributeSyntax.Require("fmtp", value);
            replacement = new SdpAttribute("fmtp", value);
        }
        bool Matches(SdpAttribute a) =>
            a.Name == "fmtp" && SdpFmtp.TryParse(a.Value, out SdpFmtp? f) && f.Format == format;
        int index = Attributes.FindIndex(Matches);
        Attributes.RemoveAll(Matches);
        if (replacement is null) return;
        if (index < 0) Attributes.Add(replacement);
        else Attributes.Insert(index, replacement);
    }

    public IReadOnlyList<SdpRtcpFeedback> RtcpFeedback =>
        Attributes.ParseAll<SdpRtcpFeedback>("rtcp-fb", SdpRtcpFeedback.TryParse);

    /// <summary>The feedback a payload type accepts ("nack", "nack pli", "ccm fir", "transport-cc", …),
    /// including "*" lines, in order.</summary>
    public IReadOnlyList<string> GetRtcpFeedback(int pt) =>
        RtcpFeedback.Where(f => f.AppliesTo(pt)).Select(f => f.Feedback).ToArray();

    public void AddRtcpFeedback(int pt, string feedback) =>
        Attributes.AddChecked("rtcp-fb", SdpGrammar.Invariant(pt) + " " + feedback);

    /// <summary>The RTX payload type whose a=fmtp names <paramref name="pt"/> as apt (RFC 4588 §8.6), or null.</summary>
    public int? GetRtxPayloadType(int pt)
    {
        string apt = SdpGrammar.Invariant(pt);
        foreach (SdpRtpMap map in RtpMaps)
        {
            if (!string.Equals(map.EncodingName, "rtx", StringComparison.OrdinalIgnoreCase)) continue;
            string? fmtp = GetFmtp(map.PayloadType);
            if (fmtp is not null && new SdpFmtp("", fmtp).GetParameters().TryGetValue("apt", out string? a) && a == apt)
                return map.PayloadType;
        }
        return null;
    }

    public IReadOnlyList<SdpExtMap> ExtMaps => Attributes.ParseAll<SdpExtMap>("extmap", SdpExtMap.TryParse);

    public void AddExtMap(SdpExtMap extMap) => Attributes.AddChecked("extmap", extMap.ToValue());

    /// <summary>The id mapped to a header extension URI, or null.</summary>
    public int? GetExtMapId(string uri) => ExtMaps.FirstOrDefault(e => e.Uri == uri)?.Id;

    /// <summary>a=extmap-allow-mixed at media level (RFC 8285 §6).</summary>
    public bool ExtmapAllowMixed
    {
        get => Attributes.Has("extmap-allow-mixed");
        set => Attributes.SetFlag("extmap-allow-mixed", value);
    }

    /// <summary>Every a=ssrc line, parsed, in order.</summary>
    public IReadOnlyList<SdpSsrcAttribute> SsrcLines =>
        Attributes.ParseAll<SdpSsrcAttribute>("ssrc", SdpSsrcAttribute.TryParse);

    /// <summary>The SSRCs named by a=ssrc lines, in order of first appearance.</summary>
    public IReadOnlyList<uint> Ssrcs => SsrcLines.Select(s => s.Ssrc).Distinct().ToArray();

    /// <summary>SSRC → its attributes (cname, msid, …) in order.</summary>
    public IReadOnlyDictionary<uint, IReadOnlyList<SdpAttribute>> SsrcAttributes
    {
        get
        {
            var map = new Dictionary<uint, List<SdpAttribute>>();
            foreach (SdpSsrcAttribute line in SsrcLines)
            {
                if (!map.TryGetValue(line.Ssrc, out List<SdpAttribute>? list)) map[line.Ssrc] = list = [];
                list.Add(new SdpAttribute(line.Name, line.Value));
            }
            return map.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<SdpAttribute>)kv.Value);
        }
    }

    public string? GetSsrcCname(uint ssrc) => GetSsrcAttribute(ssrc, "cname");

    /// <summary>The msid of an SSRC ("stream-id track-id"), or null.</summary>
    public string? GetSsrcMsid(uint ssrc) => GetSsrcAttribute(ssrc, "msid");

    public string? GetSsrcAttribute(uint ssrc, string name) =>
        SsrcLines.FirstOrDefault(s => s.Ssrc == ssrc && s.Name == name)?.Value;

    public void AddSsrcAttribute(uint ssrc, string name, string? value = null) =>
        Attributes.AddChecked("ssrc", new SdpSsrcAttribute(ssrc, name, value).ToValue());

    public IReadOnlyList<SdpSsrcGroup> SsrcGroups => Attributes.ParseAll<SdpSsrcGroup>("ssrc-group", SdpSsrcGroup.TryParse);

    public void AddSsrcGroup(SdpSsrcGroup group) => Attributes.AddChecked("ssrc-group", group.ToValue());

    /// <summary>The value of the first a=msid ("stream-id track-id"); setting null removes every a=msid.</summary>
    public string? Msid
    {
        get => Attributes.FirstValue("msid");
        set => Attributes.SetValue("msid", value);
    }

    /// <summary>Every a=msid line, parsed (a track may belong to several streams).</summary>
    public IReadOnlyList<SdpMsid> Msids => Attributes.ParseAll<SdpMsid>("msid", SdpMsid.TryParse);

    public IReadOnlyList<SdpRid> Rids => Attributes.ParseAll<SdpRid>("rid", SdpRid.TryParse);

    public void AddRid(SdpRid rid) => Attributes.AddChecked("rid", rid.ToValue());

    /// <summary>a=simulcast, parsed; setting replaces it in place (null removes it).</summary>
    public SdpSimulcast? Simulcast
    {
        get => SdpSimulcast.TryParse(Attributes.FirstValue("simulcast"), out SdpSimulcast? s) ? s : null;
        set => Attributes.SetValue("simulcast", value?.ToValue());
    }
}
