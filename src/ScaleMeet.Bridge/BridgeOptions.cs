using System.Net;
using ScaleMeet.Bridge.Negotiation;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Bridge.Stats;
using ScaleMeet.Bridge.Transport;

namespace ScaleMeet.Bridge;

/// <summary>
/// Settings of one bridge. Bound from configuration section <c>ScaleMeet:Bridge</c>; validated at start-up
/// by <see cref="Validate"/>, which names the setting that is wrong.
/// </summary>
public sealed class BridgeOptions
{
    public const string Section = "ScaleMeet:Bridge";

    /// <summary>The one UDP port all media uses (ICE, DTLS, SRTP). Default 10000. Must be reachable by clients.</summary>
    public int UdpPort { get; set; } = 10000;

    /// <summary>
    /// The id a bridge registers under (role <c>bridge</c>, also <c>--bridge-id</c>): 1-64 letters, digits, '-', '_'
    /// or '.', unique in the pool. Default: the host name and the UDP port (<c>myhost-10000</c>). The all-in-one's is "local".
    /// </summary>
    public string? Id { get; set; }

    /// <summary>The bridge's region for the focus's selection strategies (also <c>--region</c>). Default "" (none).</summary>
    public string Region { get; set; } = "";

    /// <summary>
    /// The focuses a bridge registers with (role <c>bridge</c>, also <c>--focus URL</c>, repeatable): <c>http://host:port</c>
    /// or <c>https://</c>; the bridge dials <c>ws(s)://host:port/bridge</c>. Required by the role, ignored by the all-in-one.
    /// </summary>
    public IList<string> FocusUrls { get; set; } = new List<string>();

    /// <summary>Address the media socket binds to. Default <c>0.0.0.0</c> (every IPv4 interface).</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// Addresses put in ICE candidates. Empty (default): every up IPv4 interface address, loopback included.
    /// Behind NAT set the public address here; a wrong value means clients never connect.
    /// </summary>
    public IList<string> AdvertiseAddresses { get; set; } = new List<string>();

    /// <summary>ICE consent: an endpoint without a valid connectivity check from its media address for this long is removed. Default 30 s (RFC 7675).</summary>
    public TimeSpan IceConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A DTLS handshake not finished in this time fails and the endpoint is removed. Default 30 s.</summary>
    public TimeSpan DtlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Keyframe requests to one sender are at most one per this interval. Default 300 ms.</summary>
    public TimeSpan KeyframeRequestInterval { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Packets kept per video layer for NACK answers. Default 512 (a power of two): 772 KB per layer, from the pool
    /// bounded by <see cref="PacketCachePool"/>.
    /// </summary>
    public int PacketCacheSize { get; set; } = 512;

    /// <summary>
    /// Video bitrate each sender is allowed (sent to it as REMB until bandwidth estimation lands), bits/s.
    /// Default 2 500 000: enough for 720p VP8.
    /// </summary>
    public ulong MaxPublisherVideoBitrate { get; set; } = 2_500_000;

    /// <summary>
    /// Bandwidth estimate each receiver starts with before its transport-cc feedback tells more, bits/s.
    /// Default 3 000 000: room for a 720p stage and thumbnails at once; a slower link is found within a second.
    /// </summary>
    public long InitialReceiverBitrate { get; set; } = 3_000_000;

    /// <summary>
    /// False (default, as LiveKit's <c>allow_pause</c>): every video source a receiver wants (within its last-N) keeps
    /// at least its lowest layer whatever the bandwidth estimate says; the estimate decides only how high each climbs.
    /// A dip of the estimate (a busy receiver's delayed feedback reads as congestion) then never blanks a tile for the
    /// seconds the estimate takes to recover. True (Jitsi's behaviour): a source whose lowest layer does not fit the
    /// estimate pauses for that receiver (the first source always keeps its lowest), and the bridge probes until it fits.
    /// </summary>
    public bool PauseVideoOnLowBandwidth { get; set; }

    /// <summary>How the stress level is measured and how often the statistics are sampled (<c>ScaleMeet:Bridge:Stress</c>).</summary>
    public StressOptions Stress { get; set; } = new();

    /// <summary>The DTLS handshake pool and the per-peer DTLS bounds (<c>ScaleMeet:Bridge:Dtls</c>).</summary>
    public DtlsOptions Dtls { get; set; } = new();

    /// <summary>Bounds on publish offers, subscribe answers and subscribe offers (<c>ScaleMeet:Bridge:Negotiation</c>).</summary>
    public NegotiationOptions Negotiation { get; set; } = new();

    /// <summary>The memory bound of all packet caches together (<c>ScaleMeet:Bridge:PacketCachePool</c>).</summary>
    public PacketCachePoolOptions PacketCachePool { get; set; } = new();

    /// <summary>Relays to other bridges: their port, checks and bounds (<c>ScaleMeet:Bridge:Relay</c>).</summary>
    public Relay.RelayOptions Relay { get; set; } = new();

    /// <summary>What one participant's feedback, SRTP streams and ICE checks may cost (<c>ScaleMeet:Bridge:Budgets</c>).</summary>
    public BudgetOptions Budgets { get; set; } = new();

    /// <summary>Returns the first problem found, naming the setting, or null when the options are usable.</summary>
    public string? Validate()
    {
        if (UdpPort is < 0 or > 65535)
        {
            return $"{Section}:UdpPort must be 0..65535 (was {UdpPort}; 0 picks a free port)";
        }

        if (!IPAddress.TryParse(BindAddress, out _))
        {
            return $"{Section}:BindAddress '{BindAddress}' is not an IP address";
        }

        foreach (var a in AdvertiseAddresses)
        {
            if (!IPAddress.TryParse(a, out _))
            {
                return $"{Section}:AdvertiseAddresses: '{a}' is not an IP address";
            }
        }

        if (IceConsentTimeout < TimeSpan.FromSeconds(1))
        {
            return $"{Section}:IceConsentTimeout must be at least 1 s (was {IceConsentTimeout})";
        }

        if (DtlsHandshakeTimeout < TimeSpan.FromSeconds(1))
        {
            return $"{Section}:DtlsHandshakeTimeout must be at least 1 s (was {DtlsHandshakeTimeout})";
        }

        if (PacketCacheSize < 16 || (PacketCacheSize & (PacketCacheSize - 1)) != 0)
        {
            return $"{Section}:PacketCacheSize must be a power of two ≥ 16 (was {PacketCacheSize})";
        }

        if (InitialReceiverBitrate is < 100_000 or > 20_000_000)
        {
            return $"{Section}:InitialReceiverBitrate must be 100000..20000000 bits/s (was {InitialReceiverBitrate})";
        }

        if (MaxPublisherVideoBitrate < 50_000)
        {
            return $"{Section}:MaxPublisherVideoBitrate must be at least 50000 bits/s (was {MaxPublisherVideoBitrate})";
        }

        return Dtls.Validate(Section)
            ?? Stress.Validate(Section)
            ?? Negotiation.Validate(Section)
            ?? PacketCachePool.Validate(Section, PacketCacheSize)
            ?? Budgets.Validate(Section)
            ?? Relay.Validate(Section);
    }
}
