using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ScaleMeet.Media.Sdp;

/// <summary>
/// An ICE candidate (RFC 8839 §5.1; TCP: RFC 6544 §4.5):
///
///   a=candidate:&lt;foundation&gt; &lt;component-id&gt; &lt;transport&gt; &lt;priority&gt;
///               &lt;connection-address&gt; &lt;port&gt; typ &lt;cand-type&gt;
///               [raddr &lt;rel-addr&gt;] [rport &lt;rel-port&gt;] *(&lt;extension-att-name&gt; &lt;extension-att-value&gt;)
///
///   foundation = 1*32ice-char, component-id = 1*3DIGIT (1-256), priority = 1*10DIGIT (32 bits),
///   cand-type = host / srflx / prflx / relay / token, tcptype = active / passive / so.
///
/// e.g. Chrome: "candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.5
/// rport 46154 generation 0 ufrag EsAw network-id 1 network-cost 10"; Firefox: "candidate:0 1 UDP
/// 2122252543 192.168.1.2 49753 typ host". The writer emits raddr, rport, tcptype, generation, then the
/// other extensions in order, which is the order Chrome and Firefox use, so their lines round-trip exactly.
/// <see cref="Transport"/> keeps its case ("udp" from Chrome, "UDP" from Firefox).
/// </summary>
public sealed record SdpCandidate(
    string Foundation,
    int Component,
    string Transport,
    uint Priority,
    string Address,
    int Port,
    string Type,
    string? RelatedAddress = null,
    int? RelatedPort = null,
    string? TcpType = null,
    uint? Generation = null,
    IReadOnlyList<SdpCandidateExtension>? Extensions = null)
{
    internal const string Syntax =
        "<foundation> <component> <transport> <priority> <address> <port> typ <type> [raddr <a>] [rport <p>] [<name> <value>]…";

    /// <summary>Extensions other than raddr/rport/tcptype/generation, in order (never null).</summary>
    public IReadOnlyList<SdpCandidateExtension> Extensions { get; init; } = Extensions ?? [];

    /// <summary>The ICE username fragment Chrome appends ("ufrag X"), or null.</summary>
    public string? Ufrag => GetExtension("ufrag");

    public string? GetExtension(string name) => Extensions.FirstOrDefault(e => e.Name == name)?.Value;

    /// <summary>
    /// Parses the browser's RTCIceCandidate.candidate form ("candidate:…", trickle ICE) or a whole
    /// "a=candidate:…" line. Never throws.
    /// </summary>
    public static bool TryParseCandidateString(string? text, [NotNullWhen(true)] out SdpCandidate? candidate)
    {
        candidate = null;
        if (text is null) return false;
        if (text.StartsWith("a=", StringComparison.Ordinal)) text = text[2..];
        if (!text.StartsWith("candidate:", StringComparison.Ordinal)) return false;
        return TryParse(text["candidate:".Length..], out candidate);
    }

    /// <summary>Parses the value after "a=candidate:". Never throws.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpCandidate? candidate)
    {
        candidate = null;
        if (value is null) return false;
        string[] f = value.Split(' ');
        if (f.Length < 8 || (f.Length - 8) % 2 != 0) return false;
        if (!SdpGrammar.IsIceString(f[0], 1, 32)
            || !SdpGrammar.TryParseInt(f[1], 1, 256, out int component)
            || !SdpGrammar.IsToken(f[2])
            || !SdpGrammar.TryParseUInt32(f[3], out uint priority)
            || !SdpGrammar.IsNonWhitespace(f[4])
            || !SdpGrammar.TryParseInt(f[5], 0, 65535, out int port)
            || f[6] != "typ"
            || !SdpGrammar.IsToken(f[7]))
            return false;

        string? raddr = null, tcpType = null;
        int? rport = null;
        uint? generation = null;
        var extensions = new List<SdpCandidateExtension>();
        for (int i = 8; i < f.Length; i += 2)
        {
            string name = f[i], v = f[i + 1];
            if (!SdpGrammar.IsToken(name) || !SdpGrammar.IsNonWhitespace(v)) return false;
            switch (name)
            {
                case "raddr" when raddr is null:
                    raddr = v;
                    break;
                case "rport" when rport is null:
                    if (!SdpGrammar.TryParseInt(v, 0, 65535, out int rp)) return false;
                    rport = rp;
                    break;
                case "tcptype" when tcpType is null:
                    if (!SdpGrammar.IsToken(v)) return false;
                    tcpType = v;
                    break;
                case "generation" when generation is null:
                    if (!SdpGrammar.TryParseUInt32(v, out uint g)) return false;
                    generation = g;
                    break;
                case "raddr" or "rport" or "tcptype" or "generation":
                    return false; // a second one
                default:
                    extensions.Add(new SdpCandidateExtension(name, v));
                    break;
            }
        }
        candidate = new SdpCandidate(f[0], component, f[2], priority, f[4], port, f[7],
            raddr, rport, tcpType, generation, extensions);
        return true;
    }

    /// <summary>The value written after "a=candidate:".</summary>
    public string ToValue()
    {
        var sb = new StringBuilder(128);
        sb.Append(Foundation).Append(' ').Append(SdpGrammar.Invariant(Component)).Append(' ')
          .Append(Transport).Append(' ').Append(SdpGrammar.Invariant(Priority)).Append(' ')
          .Append(Address).Append(' ').Append(SdpGrammar.Invariant(Port)).Append(" typ ").Append(Type);
        if (RelatedAddress is not null) sb.Append(" raddr ").Append(RelatedAddress);
        if (RelatedPort is int rport) sb.Append(" rport ").Append(SdpGrammar.Invariant(rport));
        if (TcpType is not null) sb.Append(" tcptype ").Append(TcpType);
        if (Generation is uint g) sb.Append(" generation ").Append(SdpGrammar.Invariant(g));
        foreach (SdpCandidateExtension e in Extensions)
            sb.Append(' ').Append(e.Name).Append(' ').Append(e.Value);
        return sb.ToString();
    }

    /// <summary>The RTCIceCandidate.candidate form used for trickle ICE: "candidate:" + <see cref="ToValue"/>.</summary>
    public string ToCandidateString() => "candidate:" + ToValue();

    public bool Equals(SdpCandidate? other) =>
        other is not null
        && Foundation == other.Foundation && Component == other.Component && Transport == other.Transport
        && Priority == other.Priority && Address == other.Address && Port == other.Port && Type == other.Type
        && RelatedAddress == other.RelatedAddress && RelatedPort == other.RelatedPort
        && TcpType == other.TcpType && Generation == other.Generation
        && Extensions.SequenceEqual(other.Extensions);

    public override int GetHashCode() => HashCode.Combine(Foundation, Component, Transport, Priority, Address, Port, Type);
}
