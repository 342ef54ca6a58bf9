using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ScaleMeet.Media.Sdp;

/// <summary>
/// An RTP payload mapping (RFC 8866 §6.6):
///
///   a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;encoding parameters&gt;]
///
/// e.g. a=rtpmap:111 opus/48000/2, a=rtpmap:96 VP8/90000. For audio the encoding parameter is the
/// channel count. Payload types are 0–127 (RFC 3550 §5.1, 7 bits).
/// </summary>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int? Channels = null)
{
    internal const string Syntax = "<payload type 0-127> <encoding name>/<clock rate>[/<channels>]";

    /// <summary>Parses the value after "a=rtpmap:". Never throws.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpRtpMap? rtpMap)
    {
        rtpMap = null;
        if (value is null) return false;
        int sp = value.IndexOf(' ', StringComparison.Ordinal);
        if (sp <= 0 || !SdpGrammar.TryParseInt(value.AsSpan(0, sp), 0, 127, out int pt)) return false;
        string[] parts = value[(sp + 1)..].Split('/');
        if (parts.Length is < 2 or > 3 || !SdpGrammar.IsToken(parts[0])) return false;
        if (!SdpGrammar.TryParseInt(parts[1], 1, int.MaxValue, out int clock)) return false;
        int? channels = null;
        if (parts.Length == 3)
        {
            if (!SdpGrammar.TryParseInt(parts[2], 1, 255, out int ch)) return false;
            channels = ch;
        }
        rtpMap = new SdpRtpMap(pt, parts[0], clock, channels);
        return true;
    }

    public string ToValue() => Channels is int ch
        ? string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {EncodingName}/{ClockRate}/{ch}")
        : string.Create(CultureInfo.InvariantCulture, $"{PayloadType} {EncodingName}/{ClockRate}");
}
