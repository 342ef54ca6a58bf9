using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;

namespace ScaleMeet.Media.Stun;

/// <summary>
/// ERROR-CODE (RFC 8489 §14.8): 21 reserved zero bits, the hundreds digit (3..6) in 3 bits, the
/// rest (0..99) in 8 bits, then a UTF-8 reason phrase (at most 127 characters, 763 bytes).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Reserved, should be 0         |Class|     Number    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      Reason Phrase (variable)                                ..
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal static class StunErrorCode
{
    public const int BadRequest = 400;
    public const int Unauthenticated = 401;
    public const int UnknownAttribute = 420;
    public const int RoleConflict = 487;

    public const int MaxReasonBytes = 763;

    public static int GetValueLength(string reason) => 4 + Encoding.UTF8.GetByteCount(reason);

    /// <summary>Writes the value (not the attribute header); false if the code is out of 300..699,
    /// the reason too long, or the span too small.</summary>
    public static bool TryWrite(Span<byte> value, int code, string reason, out int written)
    {
        written = 0;
        int reasonLength = Encoding.UTF8.GetByteCount(reason);
        if (code < 300 || code > 699 || reasonLength > MaxReasonBytes || value.Length < 4 + reasonLength)
        {
            return false;
        }

        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        written = 4 + Encoding.UTF8.GetBytes(reason, value.Slice(4));
        return true;
    }

    /// <summary>Reads the value; false if shorter than 4 bytes, class or number out of range, or the reason is not UTF-8.</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out int code, [NotNullWhen(true)] out string? reason)
    {
        code = 0;
        reason = null;
        if (value.Length < 4 || value.Length - 4 > MaxReasonBytes)
        {
            return false;
        }

        int hundreds = value[2] & 0x07;
        int number = value[3];
        ReadOnlySpan<byte> text = value.Slice(4);
        if (hundreds < 3 || hundreds > 6 || number > 99 || !Utf8.IsValid(text))
        {
            return false;
        }

        code = (hundreds * 100) + number;
        reason = Encoding.UTF8.GetString(text);
        return true;
    }
}
