using System.Net;

namespace ScaleMeet.Bridge.Relay;

/// <summary>
/// Relays to other bridges (<c>ScaleMeet:Bridge:Relay</c>): the port they use and how they check each other.
/// Validated at start-up by <see cref="Validate"/>, which names the setting that is wrong.
/// </summary>
public sealed class RelayOptions
{
    /// <summary>
    /// Whether the bridge opens a relay port and accepts <c>createRelay</c>. Default off: the all-in-one has one bridge
    /// and relays to nobody; the <c>bridge</c> role turns it on unless configured off.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// The UDP port relays from other bridges arrive on, shared by every relay of this bridge (a 4-byte header says
    /// which relay a datagram is for). Default 4096 (Jitsi Octo's port); 0 picks a free port. It must be reachable from the other bridges
    /// of the pool, not from browsers.
    /// </summary>
    public int Port { get; set; } = 4096;

    /// <summary>
    /// The address other bridges send relay traffic to, advertised in <c>hello</c>. Default: the bridge's first
    /// advertised media address. Packets are accepted only from the address the focus names for the relay's peer.
    /// </summary>
    public string? AdvertiseAddress { get; set; }

    /// <summary>
    /// How often a connected relay checks that its peer still consents (a STUN Binding request with
    /// MESSAGE-INTEGRITY, as ICE consent does). Default 2 s; until the first answer, checks go out every 200 ms.
    /// </summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A relay whose checks get no authenticated answer for this long has lost consent: it stops sending and the focus
    /// is told, which rebuilds it or fails the bridge over. Default 10 s (five checks).
    /// </summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Relays this bridge holds at most (each costs two SRTP sessions and a few hundred bytes). Default 1024.</summary>
    public int MaxRelays { get; set; } = 1024;

    /// <summary>
    /// SSRCs one relay's SRTP sessions track per direction: every layer, RTX and audio stream of the conference's
    /// senders on the other bridge. Default 2048 (80 senders × 8 streams, with room); more are dropped and counted.
    /// </summary>
    public int MaxSrtpStreams { get; set; } = 2048;

    /// <summary>Returns the first problem found, naming the setting, or null when the options are usable.</summary>
    public string? Validate(string parent)
    {
        var section = parent + ":Relay";
        if (Port is < 0 or > 65535)
        {
            return $"{section}:Port must be 0..65535 (was {Port}; 0 picks a free port)";
        }

        if (AdvertiseAddress is not null && !IPAddress.TryParse(AdvertiseAddress, out _))
        {
            return $"{section}:AdvertiseAddress '{AdvertiseAddress}' is not an IP address";
        }

        if (CheckInterval < TimeSpan.FromMilliseconds(200) || CheckInterval > TimeSpan.FromSeconds(30))
        {
            return $"{section}:CheckInterval must be 200 ms..30 s (was {CheckInterval})";
        }

        if (ConsentTimeout < 2 * CheckInterval)
        {
            return $"{section}:ConsentTimeout must be at least twice CheckInterval (was {ConsentTimeout}, CheckInterval {CheckInterval})";
        }

        if (MaxRelays is < 1 or > 65536)
        {
            return $"{section}:MaxRelays must be 1..65536 (was {MaxRelays})";
        }

        if (MaxSrtpStreams is < 16 or > 65536)
        {
            return $"{section}:MaxSrtpStreams must be 16..65536 (was {MaxSrtpStreams})";
        }

        return null;
    }
}
