using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ScaleMeet.Media.Srtp;

/// <summary>
/// AES_CM_128_HMAC_SHA1_80 (RFC 3711 §4.1.1, §4.2.1). SRTP: header | encrypted payload | tag(10), the tag being
/// HMAC-SHA1(k_a, header | encrypted payload | ROC) truncated to 80 bits. SRTCP (§3.4):
/// header(8) | encrypted rest | E(1 bit) + SRTCP index(31 bits) | tag(10), the tag covering everything before it.
/// The counter-mode IV (16 bytes):
/// <code>
///   IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)      i = 48-bit packet index or 31-bit SRTCP index
/// </code>
/// </summary>
internal sealed class CmHmacTransform : SrtpTransform
{
    private const int Tag = 10;
    private const int SaltLength = 14;

    private readonly AesCounterMode _rtpCipher;
    private readonly AesCounterMode _rtcpCipher;
    private readonly HmacSha1 _rtpMac;
    private readonly HmacSha1 _rtcpMac;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public CmHmacTransform(ReadOnlySpan<byte> rtpKey, ReadOnlySpan<byte> rtpSalt, ReadOnlySpan<byte> rtpAuthKey,
        ReadOnlySpan<byte> rtcpKey, ReadOnlySpan<byte> rtcpSalt, ReadOnlySpan<byte> rtcpAuthKey, bool allowIntrinsics)
    {
        if (rtpSalt.Length != SaltLength || rtcpSalt.Length != SaltLength)
        {
            throw new ArgumentException("AES-CM session salts are 14 bytes.");
        }
        _rtpCipher = new AesCounterMode(rtpKey, allowIntrinsics);
        _rtcpCipher = new AesCounterMode(rtcpKey, allowIntrinsics);
        _rtpMac = new HmacSha1(rtpAuthKey);
        _rtcpMac = new HmacSha1(rtcpAuthKey);
        _rtpSalt = rtpSalt.ToArray();
        _rtcpSalt = rtcpSalt.ToArray();
    }

    public override int RtpTrailerLength => Tag;
    public override int RtcpTrailerLength => Tag + 4;
    public override int RtcpIndexFromEnd => Tag + 4;
    public override bool UsesIntrinsics => _rtpCipher.UsesIntrinsics;

    public override void ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[16];
        BuildIv(iv, _rtpSalt, ssrc, index);
        _rtpCipher.Xor(iv, packet[headerLength..length]);
        RtpTag(packet[..length], (uint)(index >> 16), packet.Slice(length, Tag));
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        int end = length - Tag;
        Span<byte> expected = stackalloc byte[Tag];
        RtpTag(packet[..end], (uint)(index >> 16), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, packet.Slice(end, Tag)))
        {
            return false;
        }
        Span<byte> iv = stackalloc byte[16];
        BuildIv(iv, _rtpSalt, ssrc, index);
        _rtpCipher.Xor(iv, packet[headerLength..end]);
        return true;
    }

    public override void ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        index &= 0x7FFF_FFFFu;
        Span<byte> iv = stackalloc byte[16];
        BuildIv(iv, _rtcpSalt, ssrc, index);
        _rtcpCipher.Xor(iv, packet[8..length]);
        BinaryPrimitives.WriteUInt32BigEndian(packet[length..], 0x8000_0000u | index);
        _rtcpMac.Compute(packet[..(length + 4)], ReadOnlySpan<byte>.Empty, packet.Slice(length + 4, Tag));
    }

    public override bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint indexWord)
    {
        int end = length - Tag;
        Span<byte> expected = stackalloc byte[Tag];
        _rtcpMac.Compute(packet[..end], ReadOnlySpan<byte>.Empty, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, packet.Slice(end, Tag)))
        {
            return false;
        }
        if ((indexWord & 0x8000_0000u) != 0)
        {
            Span<byte> iv = stackalloc byte[16];
            BuildIv(iv, _rtcpSalt, ssrc, indexWord & 0x7FFF_FFFFu);
            _rtcpCipher.Xor(iv, packet[8..(end - 4)]);
        }
        return true;
    }

    private void RtpTag(ReadOnlySpan<byte> authenticated, uint roc, Span<byte> tag)
    {
        Span<byte> rocBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
        _rtpMac.Compute(authenticated, rocBytes, tag);
    }

    /// <summary>salt(14) || 00 00, XOR SSRC into bytes 4..7, XOR the 48-bit index into bytes 8..13.</summary>
    internal static void BuildIv(Span<byte> iv, ReadOnlySpan<byte> salt, uint ssrc, ulong index)
    {
        salt.CopyTo(iv);
        iv[14] = 0;
        iv[15] = 0;
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        for (int i = 0; i < 6; i++)
        {
            iv[13 - i] ^= (byte)(index >> (8 * i));
        }
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        Array.Clear(_rtpSalt);
        Array.Clear(_rtcpSalt);
    }
}
