using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace ScaleMeet.Media.Stun;

/// <summary>
/// What the bridge's shared UDP port needs to know about STUN before a packet reaches its ICE
/// session: is it STUN (RFC 7983 §7 demultiplexing plus the RFC 8489 §5 header checks), and which
/// local ufrag does a Binding request name (to find the session of a not-yet-known endpoint).
/// Thread-safe (stateless).
/// </summary>
public static class StunMessage
{
    /// <summary>
    /// True when the first byte is 0..3 (RFC 7983: STUN, not DTLS 20..63 or RTP/RTCP 128..191),
    /// the magic cookie 0x2112A442 is present, and Message Length is a multiple of 4 that matches
    /// the datagram. Attributes are not inspected. Does not allocate.
    /// </summary>
    public static bool IsStun(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < StunHeader.Length || packet[0] > 3)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(StunHeader.LengthOffset));
        return (length & 3) == 0
            && StunHeader.Length + length == packet.Length
            && BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4)) == StunHeader.MagicCookie;
    }

    /// <summary>The length of a STUN transaction id (RFC 8489 §5).</summary>
    public const int TransactionIdLength = StunHeader.TransactionIdLength;

    /// <summary>
    /// True when <paramref name="packet"/> is STUN (<see cref="IsStun"/>) of the success-response class, of any method:
    /// the answer to a request, not a request for us to answer. Does not allocate.
    /// </summary>
    public static bool IsSuccessResponse(ReadOnlySpan<byte> packet) =>
        IsStun(packet) && StunMessageType.GetClass(BinaryPrimitives.ReadUInt16BigEndian(packet)) == StunClass.SuccessResponse;

    /// <summary>
    /// Reads the USERNAME "localUfrag:remoteUfrag" of a well-formed Binding request, split at the
    /// first ':'. False (both outputs empty) when the packet is not a well-formed STUN Binding
    /// request, has no USERNAME, the USERNAME is not UTF-8, or it has no ':'. Integrity is not
    /// checked here; <see cref="Ice.IceLiteSession.Handle"/> does that. Allocates the two strings.
    /// </summary>
    public static bool TryGetUsername(ReadOnlySpan<byte> packet, out string localUfrag, out string remoteUfrag)
    {
        localUfrag = string.Empty;
        remoteUfrag = string.Empty;
        if (!StunPacket.TryParse(packet, out StunPacket message)
            || message.Class != StunClass.Request
            || message.Method != StunMessageType.BindingMethod
            || !message.TryGetAttribute(StunAttributeType.Username, out ReadOnlySpan<byte> username)
            || !Utf8.IsValid(username))
        {
            return false;
        }

        int colon = username.IndexOf((byte)':');
        if (colon < 0)
        {
            return false;
        }

        localUfrag = Encoding.UTF8.GetString(username.Slice(0, colon));
        remoteUfrag = Encoding.UTF8.GetString(username.Slice(colon + 1));
        return true;
    }
}
