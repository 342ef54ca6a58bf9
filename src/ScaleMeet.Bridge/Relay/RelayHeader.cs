using System.Buffers.Binary;

namespace ScaleMeet.Bridge.Relay;

/// <summary>
/// The four bytes in front of every datagram on the relay port: which relay it belongs to. Many relays share the
/// port (one per conference and bridge pair, see docs/relays.md), and the peers' addresses cannot tell them apart:
/// two conferences between the same two bridges come from the same address.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 1 0 0|                 relay id (28 bits)                    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  STUN (first byte 0-3), or SRTP / SRTCP (first byte 128-191)  |
/// </code>
/// The first nibble 0100 puts the first byte in 64..79, RFC 7983's TURN channel range, which nothing else on a
/// bridge's ports uses: a relay datagram can never be taken for STUN, DTLS or SRTP. The id is the focus's
/// (<c>createRelay</c>); both ends of a relay use the same id. It is not authenticated: a datagram with another
/// relay's id fails that relay's address check or its keys.
/// </summary>
internal static class RelayHeader
{
    public const int Length = 4;

    /// <summary>The largest relay id (28 bits).</summary>
    public const uint MaxId = 0x0FFF_FFFF;

    private const uint Marker = 0x4000_0000;

    /// <summary>True when <paramref name="datagram"/> starts with a relay header and has something after it.</summary>
    public static bool TryRead(ReadOnlySpan<byte> datagram, out uint relayId)
    {
        relayId = 0;
        if (datagram.Length <= Length || (datagram[0] & 0xF0) != 0x40)
        {
            return false;
        }

        relayId = BinaryPrimitives.ReadUInt32BigEndian(datagram) & MaxId;
        return true;
    }

    /// <summary>Writes the header for <paramref name="relayId"/> (at most <see cref="MaxId"/>) into the first four bytes.</summary>
    public static void Write(Span<byte> destination, uint relayId) =>
        BinaryPrimitives.WriteUInt32BigEndian(destination, Marker | (relayId & MaxId));
}
