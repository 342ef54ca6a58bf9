namespace ScaleMeet.Media.Sdp;

/// <summary>
/// One media description (RFC 8866 §5.14, §5):
///
///   m=&lt;media&gt; &lt;port&gt;[/&lt;number of ports&gt;] &lt;proto&gt; &lt;fmt&gt; …
///   [i=…] [c=…] *[b=…] [k=…] *[a=…]
///
/// e.g. "m=video 9 UDP/TLS/RTP/SAVPF 96 97" or "m=application 9 UDP/DTLS/SCTP webrtc-datachannel".
/// <see cref="Attributes"/> is the source of truth for a= lines; the typed views read it on every
/// access (this is signaling, not the media path) and their setters and adders edit it, checking
/// what they write. Not thread-safe: one owner at a time.
/// </summary>
public sealed partial class MediaDescription
{
    public MediaDescription()
    {
    }

    public MediaDescription(string kind, int port, string protocol, IEnumerable<string> formats)
    {
        Kind = kind;
        Port = port;
        Protocol = protocol;
        Formats.AddRange(formats);
    }

    /// <summary>The media type: audio, video, application (any token is kept). Default "audio".</summary>
    public string Kind { get; set; } = "audio";

    /// <summary>The m= port; JSEP writes the placeholder 9 (discard), 0 for a rejected section.</summary>
    public int Port { get; set; } = 9;

    /// <summary>The optional "/number of ports" after the port; null when absent.</summary>
    public int? PortCount { get; set; }

    /// <summary>The transport protocol, e.g. UDP/TLS/RTP/SAVPF, UDP/DTLS/SCTP.</summary>
    public string Protocol { get; set; } = "UDP/TLS/RTP/SAVPF";

    /// <summary>The m= formats: RTP payload type numbers as text, or e.g. "webrtc-datachannel".</summary>
    public List<string> Formats { get; } = [];

    /// <summary>The c= line of this section, or null.</summary>
    public SdpConnection? Connection { get; set; }

    /// <summary>The address of the c= line; setting builds "IN IP4 x" (or "IN IP6 x" for an address with ':').</summary>
    public string? ConnectionAddress
    {
        get => Connection?.Address;
        set => Connection = value is null ? null : SdpConnection.ForAddress(value);
    }

    /// <summary>The b= lines of this section, in order.</summary>
    public List<SdpBandwidth> Bandwidths { get; } = [];

    /// <summary>The i= and k= lines of this section, kept but not interpreted.</summary>
    public List<SdpField> OtherFields { get; } = [];

    /// <summary>The a= lines of this section, in order.</summary>
    public List<SdpAttribute> Attributes { get; } = [];

    /// <summary>True when the protocol carries RTP (its formats are payload types).</summary>
    public bool IsRtp => Protocol.Split('/').Contains("RTP");

    /// <summary>The formats parsed as payload types (non-numeric ones skipped).</summary>
    public IReadOnlyList<int> PayloadTypes =>
        Formats.Select(f => SdpGrammar.TryParseInt(f, 0, 127, out int pt) ? pt : -1).Where(pt => pt >= 0).ToArray();

    /// <summary>Appends an attribute. Throws <see cref="ArgumentException"/> when the name is not a token,
    /// the value holds a line break, or the value of a known attribute is malformed.</summary>
    public void AddAttribute(string name, string? value = null) => Attributes.AddChecked(name, value);

    public bool HasAttribute(string name) => Attributes.Has(name);

    /// <summary>The value of the first a=name line, or null.</summary>
    public string? GetAttributeValue(string name) => Attributes.FirstValue(name);

    /// <summary>The values of every a=name line, in order.</summary>
    public IReadOnlyList<string> GetAttributeValues(string name) => Attributes.Values(name).ToArray();

    /// <summary>a=mid (RFC 8843 §14.1). Setting null removes it; a non-token throws.</summary>
    public string? Mid
    {
        get => Attributes.FirstValue("mid");
        set => Attributes.SetValue("mid", value);
    }

    /// <summary>a=sendrecv / sendonly / recvonly / inactive; SendRecv when none is present (RFC 8866 §6.7).
    /// Setting replaces the present one in place, or appends.</summary>
    public SdpDirection Direction
    {
        get
        {
            foreach (SdpAttribute a in Attributes)
                if (a.Value is null && SdpDirections.TryFromName(a.Name, out SdpDirection d)) return d;
            return SdpDirection.SendRecv;
        }
        set => Attributes.Replace(new SdpAttribute(SdpDirections.ToName(value)), SdpDirections.Names);
    }
}
