using System.Buffers.Binary;

namespace ScaleMeet.Media.Stun;

/// <summary>
/// FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message up to, not including, this attribute,
/// xor 0x5354554E ("STUN"). It is always the last attribute, so the header's Message Length
/// already counts it when the CRC is computed. Lets STUN be told apart from other protocols on
/// the same port and catches corruption; it is not a security check.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     FINGERPRINT (0x8028)      |          Length = 4           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  CRC-32 xor 0x5354554E                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal static class StunFingerprint
{
    public const uint XorValue = 0x5354554E;

    /// <summary>Attribute header plus CRC.</summary>
    public const int AttributeLength = StunHeader.AttributeHeaderLength + 4;

    /// <summary>The FINGERPRINT value for <paramref name="prefix"/>, the message up to the attribute
    /// with its length field already counting the attribute.</summary>
    public static uint Compute(ReadOnlySpan<byte> prefix) => Crc32.Compute(prefix) ^ XorValue;

    /// <summary>Checks the FINGERPRINT attribute whose header is at <paramref name="offset"/>; it must end the message.</summary>
    public static bool Verify(ReadOnlySpan<byte> message, int offset)
    {
        if (offset < StunHeader.Length || offset + AttributeLength != message.Length)
        {
            return false;
        }

        uint actual = BinaryPrimitives.ReadUInt32BigEndian(message.Slice(offset + StunHeader.AttributeHeaderLength));
        return Compute(message.Slice(0, offset)) == actual;
    }
}
