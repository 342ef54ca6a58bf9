using ScaleMeet.Focus.Bridges;
using ScaleMeet.Focus.Selection;

namespace ScaleMeet.Focus;

/// <summary>
/// Settings of the focus. Bound from configuration section <c>ScaleMeet:Focus</c>; validated at start-up by
/// <see cref="Validate"/>, which names the setting that is wrong.
/// </summary>
public sealed class FocusOptions
{
    public const string Section = "ScaleMeet:Focus";

    /// <summary>
    /// A <c>join</c> into a room that already has this many participants is refused (<c>invalid_room</c>,
    /// "room is full"). Default 100. Bounds the fan-out of every room notification and the bridge's per-room work.
    /// </summary>
    public int MaxParticipantsPerRoom { get; set; } = 100;

    /// <summary>
    /// How long the focus waits for a bridge's reply to one control request before answering the browser with an
    /// error. Default 10 s. Too short fails joins on a busy bridge; too long leaves a browser waiting.
    /// </summary>
    public TimeSpan BridgeRequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// ICE servers handed to browsers in <c>joined</c> (STUN/TURN). Default empty: the bridge is ICE-lite with a
    /// host candidate, which is enough on a LAN or with a public advertised address. Credentials put here are
    /// sent to every browser as they are (short-lived TURN credentials come later).
    /// </summary>
    public IList<IceServerOptions> IceServers { get; set; } = new List<IceServerOptions>();

    /// <summary>How a participant's bridge is picked (Jicofo's strategies and limits), <c>ScaleMeet:Focus:BridgeSelection</c>.</summary>
    public SelectionOptions BridgeSelection { get; set; } = new();

    /// <summary>
    /// The focus's own region: the region of a participant whose connection names none (no <see cref="RegionHeader"/>,
    /// no allowed <c>?region=</c>). Default "" (none: matches no bridge's region, so placement is by load alone).
    /// </summary>
    public string Region { get; set; } = "";

    /// <summary>
    /// A request header the ingress sets to the client's region (for example <c>X-Client-Region</c>, from a geo-IP
    /// lookup); it wins over everything else. Default unset. A value that is not a region name is refused (400).
    /// </summary>
    public string? RegionHeader { get; set; }

    /// <summary>
    /// Whether <c>?region=</c> on the signaling URL (the web client passes the meeting URL's) names the participant's
    /// region when no <see cref="RegionHeader"/> does. Default false: a participant must not choose where it lands on
    /// the open internet; turn on for trials and tests.
    /// </summary>
    public bool AllowRegionParameter { get; set; }

    /// <summary>
    /// How long a participant whose signaling connection dropped (without <c>leave</c>) stays in its room, media
    /// flowing, waiting for its page to <c>resume</c> on a new connection; nobody sees it leave unless the period ends
    /// first. Default 20 s; 0 turns resumption off (a dropped connection leaves at once).
    /// </summary>
    public TimeSpan ResumeGracePeriod { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The messages kept per participant for a resumption: the last this many (default 256), and at most
    /// <see cref="ResumeBufferBytes"/> of estimated size (default 256 KiB). A page that missed more joins anew.
    /// </summary>
    public int ResumeBufferMessages { get; set; } = 256;

    /// <summary>See <see cref="ResumeBufferMessages"/>.</summary>
    public int ResumeBufferBytes { get; set; } = 256 * 1024;

    /// <summary>Returns the first problem found, naming the setting, or null when the options are usable.</summary>
    public string? Validate()
    {
        if (MaxParticipantsPerRoom is < 1 or > 10_000)
        {
            return $"{Section}:MaxParticipantsPerRoom must be 1..10000 (was {MaxParticipantsPerRoom})";
        }

        if (BridgeRequestTimeout < TimeSpan.FromMilliseconds(100) || BridgeRequestTimeout > TimeSpan.FromMinutes(5))
        {
            return $"{Section}:BridgeRequestTimeout must be between 100 ms and 5 min (was {BridgeRequestTimeout})";
        }

        if (ResumeGracePeriod < TimeSpan.Zero || ResumeGracePeriod > TimeSpan.FromMinutes(10))
        {
            return $"{Section}:ResumeGracePeriod must be between 0 (off) and 10 min (was {ResumeGracePeriod})";
        }

        if (ResumeBufferMessages is < 1 or > 10_000)
        {
            return $"{Section}:ResumeBufferMessages must be 1..10000 (was {ResumeBufferMessages})";
        }

        if (ResumeBufferBytes is < 16 * 1024 or > 64 * 1024 * 1024)
        {
            return $"{Section}:ResumeBufferBytes must be 16 KiB..64 MiB (was {ResumeBufferBytes})";
        }

        if (BridgeSelection.Validate() is { } selection)
        {
            return selection;
        }

        if (BridgeAcceptor.RegionProblem(Region) is { } region)
        {
            return $"{Section}:Region: {region} (was '{Region}')";
        }

        if (RegionHeader is not null && !IsHeaderName(RegionHeader))
        {
            return $"{Section}:RegionHeader must be an HTTP header name: 1-64 letters, digits and '-' (was '{RegionHeader}')";
        }

        for (var i = 0; i < IceServers.Count; i++)
        {
            var server = IceServers[i];
            if (server.Urls.Count == 0)
            {
                return $"{Section}:IceServers:{i}:Urls must name at least one stun:, stuns:, turn: or turns: URL";
            }

            foreach (var url in server.Urls)
            {
                if (!IsIceUrl(url))
                {
                    return $"{Section}:IceServers:{i}:Urls: '{url}' is not a stun:, stuns:, turn: or turns: URL";
                }

                if (url.StartsWith("turn", StringComparison.OrdinalIgnoreCase) && (server.Username is null || server.Credential is null))
                {
                    return $"{Section}:IceServers:{i}: a TURN server needs Username and Credential";
                }
            }
        }

        return null;
    }

    private static bool IsHeaderName(string name) =>
        name.Length is >= 1 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static bool IsIceUrl(string url)
    {
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == url.Length - 1)
        {
            return false;
        }

        var scheme = url[..colon];
        return scheme.Equals("stun", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("stuns", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("turn", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("turns", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>One entry of <see cref="FocusOptions.IceServers"/>, the shape of an RTCIceServer.</summary>
public sealed class IceServerOptions
{
    /// <summary>For example <c>stun:stun.example.org:3478</c> or <c>turn:turn.example.org:3478?transport=udp</c>.</summary>
    public IList<string> Urls { get; set; } = new List<string>();

    public string? Username { get; set; }

    public string? Credential { get; set; }
}
