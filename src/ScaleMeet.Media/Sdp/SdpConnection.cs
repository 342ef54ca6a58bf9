using System.Diagnostics.CodeAnalysis;

namespace ScaleMeet.Media.Sdp;

/// <summary>
/// The connection line (RFC 8866 §5.7):
///
///   c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;      e.g. c=IN IP4 0.0.0.0
///
/// JSEP puts "c=IN IP4 0.0.0.0" in every m= section; the address of a multicast session may carry
/// "/ttl[/count]", kept verbatim in <see cref="Address"/>.
/// </summary>
public sealed record SdpConnection(string NetType, string AddressType, string Address)
{
    /// <summary>"IN IP6 addr" when the address holds a ':', else "IN IP4 addr".</summary>
    public static SdpConnection ForAddress(string address) =>
        new("IN", address.Contains(':', StringComparison.Ordinal) ? "IP6" : "IP4", address);

    /// <summary>Parses the value after "c=". Never throws.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpConnection? connection)
    {
        connection = null;
        if (value is null) return false;
        string[] p = value.Split(' ');
        if (p.Length != 3 || !SdpGrammar.IsToken(p[0]) || !SdpGrammar.IsToken(p[1]) || !SdpGrammar.IsNonWhitespace(p[2]))
            return false;
        connection = new SdpConnection(p[0], p[1], p[2]);
        return true;
    }

    /// <summary>The value written after "c=". Throws if a field would not parse back.</summary>
    public string ToValue()
    {
        if (!SdpGrammar.IsToken(NetType) || !SdpGrammar.IsToken(AddressType) || !SdpGrammar.IsNonWhitespace(Address))
            throw new InvalidOperationException($"The connection '{this}' has an empty field or a field with whitespace.");
        return NetType + " " + AddressType + " " + Address;
    }
}
