using System.Net;
using System.Net.Sockets;

namespace ScaleMeet.Server.Admission;

/// <summary>The address a client is counted under: IPv4 as it is (an IPv4-mapped IPv6 address as its IPv4 address), IPv6 by prefix.</summary>
internal static class ClientAddress
{
    /// <summary>The key of <paramref name="remote"/>; IPv6 addresses keep their first <paramref name="ipv6PrefixLength"/> bits.</summary>
    public static IPAddress Key(IPAddress remote, int ipv6PrefixLength)
    {
        if (remote.IsIPv4MappedToIPv6)
        {
            return remote.MapToIPv4();
        }

        if (remote.AddressFamily != AddressFamily.InterNetworkV6 || ipv6PrefixLength >= 128)
        {
            return remote;
        }

        Span<byte> bytes = stackalloc byte[16];
        remote.TryWriteBytes(bytes, out _);
        var whole = ipv6PrefixLength / 8;
        var bits = ipv6PrefixLength % 8;
        if (bits != 0)
        {
            bytes[whole] &= (byte)(0xFF << (8 - bits));
            whole++;
        }

        bytes[whole..].Clear();
        return new IPAddress(bytes);
    }
}
