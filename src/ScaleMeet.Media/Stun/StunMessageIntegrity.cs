using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ScaleMeet.Media.Stun;

/// <summary>
/// MESSAGE-INTEGRITY (RFC 8489 §14.5): a 20-byte HMAC-SHA1 over the message up to, not
/// including, this attribute, computed as if the header's Message Length ended right after it
/// (so attributes that follow, such as FINGERPRINT, are not counted). For short-term credentials
/// (ICE) the key is the password (§9.1.1); ICE passwords are ice-chars, for which the OpaqueString
/// preparation is the identity, so the key is simply its UTF-8 (ASCII) bytes.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  MESSAGE-INTEGRITY (0x0008)   |          Length = 20          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  HMAC-SHA1 (20 bytes)                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal static class StunMessageIntegrity
{
    public const int HmacLength = 20;

    /// <summary>Attribute header plus HMAC.</summary>
    public const int AttributeLength = StunHeader.AttributeHeaderLength + HmacLength;

    private const int StackCopyLimit = 1024;

    /// <summary>
    /// HMAC-SHA1 of <paramref name="prefix"/> (the message up to the attribute) whose header
    /// length field must already hold the adjusted length. Used by the writer.
    /// </summary>
    public static void Compute(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> key, Span<byte> hmac) =>
        HMACSHA1.HashData(key, prefix, hmac);

    /// <summary>Checks the MESSAGE-INTEGRITY attribute whose header is at <paramref name="offset"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> message, int offset, ReadOnlySpan<byte> key)
    {
        if (offset < StunHeader.Length || offset + AttributeLength > message.Length)
        {
            return false;
        }

        // The header's length must read as if the message ended after MESSAGE-INTEGRITY, so hash a
        // copy with that one field patched. STUN is not the media path; this copy is small.
        byte[]? rented = null;
        Span<byte> copy = offset <= StackCopyLimit
            ? stackalloc byte[StackCopyLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(offset));
        try
        {
            Span<byte> prefix = copy.Slice(0, offset);
            message.Slice(0, offset).CopyTo(prefix);
            BinaryPrimitives.WriteUInt16BigEndian(
                prefix.Slice(StunHeader.LengthOffset), (ushort)(offset + AttributeLength - StunHeader.Length));

            Span<byte> expected = stackalloc byte[HmacLength];
            Compute(prefix, key, expected);
            ReadOnlySpan<byte> actual = message.Slice(offset + StunHeader.AttributeHeaderLength, HmacLength);
            return CryptographicOperations.FixedTimeEquals(expected, actual);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
