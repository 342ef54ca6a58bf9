using System.Diagnostics.CodeAnalysis;

namespace ScaleMeet.Media.Sdp;

/// <summary>
/// A bandwidth line (RFC 8866 §5.8, RFC 3890):
///
///   b=&lt;bwtype&gt;:&lt;bandwidth&gt;      e.g. b=AS:30 (kbit/s), b=TIAS:128000 (bit/s)
/// </summary>
public sealed record SdpBandwidth(string Type, ulong Value)
{
    /// <summary>Parses the value after "b=". Never throws.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpBandwidth? bandwidth)
    {
        bandwidth = null;
        if (value is null) return false;
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !SdpGrammar.IsToken(value.AsSpan(0, colon))
            || !SdpGrammar.TryParseUInt64(value.AsSpan(colon + 1), out ulong amount))
            return false;
        bandwidth = new SdpBandwidth(value[..colon], amount);
        return true;
    }

    /// <summary>The value written after "b=". Throws if the type is not a token.</summary>
    public string ToValue()
    {
        if (!SdpGrammar.IsToken(Type))
            throw new InvalidOperationException($"The bandwidth type '{Type}' is not a token.");
        return Type + ":" + SdpGrammar.Invariant(Value);
    }
}
