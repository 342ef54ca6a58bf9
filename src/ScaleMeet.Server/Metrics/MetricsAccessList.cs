using System.Net;

namespace ScaleMeet.Server.Metrics;

/// <summary>
/// Which client addresses are trusted without a token: loopback clients (unless <c>ScaleMeet:Http:TrustLoopback</c>
/// is off), and clients in the configured networks (<c>ScaleMeet:Http:MetricsAllowedNetworks</c> for <c>/metrics</c>).
/// An IPv4-mapped IPv6 address (a dual-stack socket) counts as its IPv4 address.
/// </summary>
internal sealed class MetricsAccessList
{
    private readonly IPNetwork[] _networks;
    private readonly bool _trustLoopback;

    private MetricsAccessList(IPNetwork[] networks, bool trustLoopback)
    {
        _networks = networks;
        _trustLoopback = trustLoopback;
    }

    /// <summary>
    /// The access list of <paramref name="networks"/>: CIDR strings (<c>10.0.0.0/8</c>, <c>fd00::/8</c>) or single
    /// addresses, plus loopback when <paramref name="trustLoopback"/>. Throws <see cref="FormatException"/> for an entry
    /// <see cref="TryParseNetwork"/> refuses (options validation reports those first).
    /// </summary>
    public static MetricsAccessList Create(IEnumerable<string> networks, bool trustLoopback = true) =>
        new([.. networks.Select(n => TryParseNetwork(n, out var network, out var problem) ? network : throw new FormatException(problem))], trustLoopback);

    /// <summary>Parses one entry: <c>address/prefix</c> with no address bits set past the prefix, or one address (a /32 or /128).</summary>
    public static bool TryParseNetwork(string text, out IPNetwork network, out string? problem)
    {
        var trimmed = text.Trim();
        if (IPAddress.TryParse(trimmed, out var address) && !trimmed.Contains('/', StringComparison.Ordinal))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            problem = null;
            return true;
        }

        // .NET masks "10.1.2.3/8" to 10.0.0.0/8 silently; a typo there would open more than meant, so refuse it.
        if (IPNetwork.TryParse(trimmed, out network) && network.BaseAddress.Equals(IPAddress.Parse(trimmed.AsSpan(0, trimmed.IndexOf('/', StringComparison.Ordinal)))))
        {
            problem = null;
            return true;
        }

        problem = $"'{text}' is not a network in CIDR notation (such as 10.0.0.0/8 or fd00::/8; no address bits may be set after the prefix length) nor an IP address";
        return false;
    }

    /// <summary>True when <paramref name="remote"/> is (trusted) loopback or in one of the networks; false when unknown.</summary>
    public bool Allows(IPAddress? remote)
    {
        if (remote is null)
        {
            return false;
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }

        if (_trustLoopback && IPAddress.IsLoopback(remote))
        {
            return true;
        }

        foreach (var network in _networks)
        {
            if (network.Contains(remote))
            {
                return true;
            }
        }

        return false;
    }
}
