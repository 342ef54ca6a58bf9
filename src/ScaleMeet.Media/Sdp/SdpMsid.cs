using System.Diagnostics.CodeAnalysis;

namespace ScaleMeet.Media.Sdp;

/// <summary>
/// The media stream identification (RFC 8830 §2):
///
///   a=msid:&lt;msid-id&gt; [&lt;msid-appdata&gt;]          msid-id, msid-appdata = 1*64token-char
///
/// The id is the MediaStream id ("-" for none), the appdata the track id, e.g.
/// a=msid:4b7e1c9a-5d2f-4f0e-9a77-3c1d2e6f8a10 0c6a4a4e-1f0b-4b1f-8d8e-2f7b5a9c3d21 (Chrome) or
/// a=msid:{6f0c…} {2a3b…} (Firefox). The same value follows "msid:" in a=ssrc lines.
/// </summary>
public sealed record SdpMsid(string StreamId, string? TrackId = null)
{
    internal const string Syntax = "<stream id> [<track id>]";

    /// <summary>Parses an msid value ("stream track" or "stream"). Never throws.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpMsid? msid)
    {
        msid = null;
        if (value is null) return false;
        int sp = value.IndexOf(' ', StringComparison.Ordinal);
        string stream = sp < 0 ? value : value[..sp];
        string? track = sp < 0 ? null : value[(sp + 1)..];
        if (!SdpGrammar.IsToken(stream) || (track is not null && !SdpGrammar.IsToken(track))) return false;
        msid = new SdpMsid(stream, track);
        return true;
    }

    public string ToValue() => TrackId is null ? StreamId : StreamId + " " + TrackId;
}
