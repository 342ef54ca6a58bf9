namespace ScaleMeet.Media.Sdp;

/// <summary>
/// Transport views of a media section: ICE (RFC 8839 §5), DTLS (RFC 8122 §5, RFC 4145 §4),
/// rtcp-mux (RFC 5761 §5.1.3), reduced-size RTCP (RFC 5506 §5). Under BUNDLE every section usually
/// repeats the same ICE/DTLS values; Firefox may put the fingerprint at session level instead, see
/// <see cref="SessionDescription.Fingerprint"/>.
/// </summary>
public sealed partial class MediaDescription
{
    /// <summary>a=ice-ufrag; setting checks RFC 8839 ice-chars and 4-256 length.</summary>
    public string? IceUfrag
    {
        get => Attributes.FirstValue("ice-ufrag");
        set => Attributes.SetValue("ice-ufrag", value);
    }

    /// <summary>a=ice-pwd; setting checks RFC 8839 ice-chars and 22-256 length.</summary>
    public string? IcePwd
    {
        get => Attributes.FirstValue("ice-pwd");
        set => Attributes.SetValue("ice-pwd", value);
    }

    /// <summary>a=ice-options split at spaces (e.g. "trickle", "renomination"); empty when absent.</summary>
    public IReadOnlyList<string> IceOptions => Attributes.GetIceOptions();

    /// <summary>a=fingerprint (the first one when several are offered).</summary>
    public SdpFingerprint? Fingerprint
    {
        get => Attributes.GetFingerprint();
        set => Attributes.SetValue("fingerprint", value?.ToValue());
    }

    /// <summary>a=setup: actpass | active | passive | holdconn. Setting anything else throws.</summary>
    public string? Setup
    {
        get => Attributes.FirstValue("setup");
        set => Attributes.SetValue("setup", value);
    }

    /// <summary>a=rtcp-mux present.</summary>
    public bool RtcpMux
    {
        get => Attributes.Has("rtcp-mux");
        set => Attributes.SetFlag("rtcp-mux", value);
    }

    /// <summary>a=rtcp-rsize present.</summary>
    public bool RtcpRsize
    {
        get => Attributes.Has("rtcp-rsize");
        set => Attributes.SetFlag("rtcp-rsize", value);
    }

    /// <summary>The a=candidate lines, parsed, in order.</summary>
    public IReadOnlyList<SdpCandidate> Candidates => Attributes.ParseAll<SdpCandidate>("candidate", SdpCandidate.TryParse);

    /// <summary>Appends an a=candidate line, before a=end-of-candidates when that is present.</summary>
    public void AddCandidate(SdpCandidate candidate)
    {
        string value = candidate.ToValue();
        SdpAttributeSyntax.Require("candidate", value);
        int end = Attributes.FindIndex(a => a.Name == "end-of-candidates");
        var attribute = new SdpAttribute("candidate", value);
        if (end < 0) Attributes.Add(attribute);
        else Attributes.Insert(end, attribute);
    }

    /// <summary>a=end-of-candidates present (RFC 8840 §8.2).</summary>
    public bool EndOfCandidates
    {
        get => Attributes.Has("end-of-candidates");
        set => Attributes.SetFlag("end-of-candidates", value);
    }
}
