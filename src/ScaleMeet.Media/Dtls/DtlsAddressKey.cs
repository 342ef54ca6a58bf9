using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ScaleMeet.Media.Dtls;

/// <summary>
/// The part of a peer's IP address by which a <see cref="DtlsHandshakePool"/> shares its workers
/// (<see cref="DtlsPoolSettings.MaxHandshakesPerAddress"/>): an IPv4 address whole, an IPv6 address by its /64 prefix
/// (one subscriber or host usually gets a whole /64, so counting single IPv6 addresses would let one peer take every
/// worker). An IPv4-mapped IPv6 address (a dual-stack socket) counts as the IPv4 address.
/// </summary>
public readonly record struct DtlsAddressKey
{
    private readonly ulong _value;
    private readonly bool _isV6;

    private DtlsAddressKey(ulong value, bool isV6)
    {
        _value = value;
        _isV6 = isV6;
    }

    /// <summary>The key of <paramref name="address"/> (IPv4, IPv6 or IPv4-mapped IPv6).</summary>
    public static DtlsAddressKey From(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int written))
        {
            throw new ArgumentException($"{address} has no byte form.", nameof(address));
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 && written == 16
            ? new DtlsAddressKey(BinaryPrimitives.ReadUInt64BigEndian(bytes), isV6: true)
            : new DtlsAddressKey(BinaryPrimitives.ReadUInt32BigEndian(bytes), isV6: false);
    }

    /// <summary>For logs: the IPv4 address, or the IPv6 prefix with <c>/64</c>.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[16];
        bytes.Clear();
        if (!_isV6)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)_value);
            return new IPAddress(bytes[..4]).ToString();
        }

        BinaryPrimitives.WriteUInt64BigEndian(bytes, _value);
        return new IPAddress(bytes).ToString() + "/64";
    }
}
