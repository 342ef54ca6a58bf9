using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace ScaleMeet.Media.Stun;

/// <summary>
/// XOR-MAPPED-ADDRESS (RFC 8489 §14.2): the reflexive transport address, port xor the top 16
/// bits of the magic cookie, IPv4 address xor the magic cookie, IPv6 address xor the magic cookie
/// followed by the transaction id. Family 0x01 = IPv4 (8-byte value), 0x02 = IPv6 (20 bytes).
/// IPv4-mapped IPv6 endpoints (::ffff:a.b.c.d, as dual-mode sockets report them) are written as
/// IPv4: the peer sent to an IPv4 address and must learn an IPv4 one.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0 0 0 0 0 0 0|    Family     |         X-Port                |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                X-Address (Variable)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal static class StunXorMappedAddress
{
    public const byte FamilyIPv4 = 0x01;
    public const byte FamilyIPv6 = 0x02;
    public const int IPv4ValueLength = 8;
    public const int IPv6ValueLength = 20;

    /// <summary>Value length the endpoint needs (after IPv4-mapped addresses are unmapped).</summary>
    public static int GetValueLength(IPEndPoint endpoint) =>
        IsIPv4(endpoint.Address) ? IPv4ValueLength : IPv6ValueLength;

    /// <summary>Writes the attribute value (not the attribute header); returns false if it does not fit.</summary>
    public static bool TryWrite(Span<byte> value, IPEndPoint endpoint, ReadOnlySpan<byte> transactionId, out int written)
    {
        written = 0;
        IPAddress address = endpoint.Address;
        bool v4 = IsIPv4(address);
        int length = v4 ? IPv4ValueLength : IPv6ValueLength;
        if (value.Length < length || transactionId.Length != StunHeader.TransactionIdLength)
        {
            return false;
        }

        Span<byte> raw = stackalloc byte[16];
        if (!address.TryWriteBytes(raw, out int addressLength))
        {
            return false;
        }

        // An IPv4-mapped IPv6 address keeps its IPv4 part in the last four bytes.
        ReadOnlySpan<byte> addressBytes = v4 ? raw.Slice(addressLength - 4, 4) : raw.Slice(0, 16);
        value[0] = 0;
        value[1] = v4 ? FamilyIPv4 : FamilyIPv6;
        BinaryPrimitives.WriteUInt16BigEndian(value.Slice(2), (ushort)(endpoint.Port ^ (StunHeader.MagicCookie >> 16)));
        XorWithKey(addressBytes, transactionId, value.Slice(4, addressBytes.Length));
        written = length;
        return true;
    }

    /// <summary>Reads the attribute value; false on an unknown family or a wrong length.</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId, [NotNullWhen(true)] out IPEndPoint? endpoint)
    {
        endpoint = null;
        if (value.Length < 4 || transactionId.Length != StunHeader.TransactionIdLength)
        {
            return false;
        }

        int addressLength = value[1] switch
        {
            FamilyIPv4 when value.Length == IPv4ValueLength => 4,
            FamilyIPv6 when value.Length == IPv6ValueLength => 16,
            _ => 0,
        };
        if (addressLength == 0)
        {
            return false;
        }

        int port = BinaryPrimitives.ReadUInt16BigEndian(value.Slice(2)) ^ (int)(StunHeader.MagicCookie >> 16);
        Span<byte> address = stackalloc byte[addressLength];
        XorWithKey(value.Slice(4, addressLength), transactionId, address);
        endpoint = new IPEndPoint(new IPAddress(address), port);
        return true;
    }

    private static bool IsIPv4(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6;

    /// <summary>xor with magic cookie (4 bytes) then transaction id (12 bytes), as far as the input goes.</summary>
    private static void XorWithKey(ReadOnlySpan<byte> input, ReadOnlySpan<byte> transactionId, Span<byte> output)
    {
        Span<byte> key = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(key, StunHeader.MagicCookie);
        transactionId.CopyTo(key.Slice(4));
        for (int i = 0; i < input.Length; i++)
        {
            output[i] = (byte)(input[i] ^ key[i]);
        }
    }
}
