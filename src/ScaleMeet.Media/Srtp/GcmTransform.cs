using System.Buffers.Binary;

namespace ScaleMeet.Media.Srtp;

/// <summary>
/// AEAD_AES_128_GCM for SRTP and SRTCP (RFC 7714). SRTP (§8): the AAD is the whole RTP header including CSRCs and
/// extension, the payload (with any padding) is the plaintext, and the 16-byte tag follows it. The IV (§8.1):
/// <code>
///   0  1  2  3  4  5  6  7  8  9 10 11
///   00 00 |   SSRC    |    ROC    | SEQ |  XOR  the 12-byte session salt
/// </code>
/// SRTCP (§9): header(8) | ciphertext | tag(16) | E(1 bit) + SRTCP index(31 bits); the AAD is the first 8 octets
/// followed by the E || index word; with E = 0 the whole packet is AAD. The IV (§9.1):
/// <code>
///   00 00 |   SSRC    | 00 00 | 0 + SRTCP index (31 bits) |  XOR  the session salt
/// </code>
/// </summary>
internal sealed class GcmTransform : SrtpTransform
{
    private const int Tag = SrtpAead.TagLength;

    private readonly SrtpAead _rtp;
    private readonly SrtpAead _rtcp;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public GcmTransform(ReadOnlySpan<byte> rtpKey, ReadOnlySpan<byte> rtpSalt, ReadOnlySpan<byte> rtcpKey,
        ReadOnlySpan<byte> rtcpSalt, bool allowIntrinsics)
    {
        if (rtpSalt.Length != SrtpAead.NonceLength || rtcpSalt.Length != SrtpAead.NonceLength)
        {
            throw new ArgumentException("AEAD_AES_128_GCM session salts are 12 bytes.");
        }
        _rtp = SrtpAead.Create(rtpKey, allowIntrinsics);
        _rtcp = SrtpAead.Create(rtcpKey, allowIntrinsics);
        _rtpSalt = rtpSalt.ToArray();
        _rtcpSalt = rtcpSalt.ToArray();
    }

    public override int RtpTrailerLength => Tag;
    public override int RtcpTrailerLength => Tag + 4;
    public override int RtcpIndexFromEnd => 4;
    public override bool UsesIntrinsics => _rtp.UsesIntrinsics;

    public override void ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[SrtpAead.NonceLength];
        RtpNonce(nonce, ssrc, index);
        _rtp.Seal(nonce, packet[..headerLength], packet[headerLength..length], packet.Slice(length, Tag));
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[SrtpAead.NonceLength];
        RtpNonce(nonce, ssrc, index);
        return _rtp.Open(nonce, packet[..headerLength], packet[headerLength..(length - Tag)], packet.Slice(length - Tag, Tag));
    }

    public override void ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        uint word = 0x8000_0000u | (index & 0x7FFF_FFFFu);
        Span<byte> nonce = stackalloc byte[SrtpAead.NonceLength];
        RtcpNonce(nonce, ssrc, index);
        Span<byte> aad = stackalloc byte[12];
        packet[..8].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[8..], word);
        _rtcp.Seal(nonce, aad, packet[8..length], packet.Slice(length, Tag));
        BinaryPrimitives.WriteUInt32BigEndian(packet[(length + Tag)..], word);
    }

    public override bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint indexWord)
    {
        Span<byte> nonce = stackalloc byte[SrtpAead.NonceLength];
        RtcpNonce(nonce, ssrc, indexWord & 0x7FFF_FFFFu);
        int tagStart = length - RtcpTrailerLength;
        if ((indexWord & 0x8000_0000u) != 0)
        {
            Span<byte> aad = stackalloc byte[12];
            packet[..8].CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad[8..], indexWord);
            return _rtcp.Open(nonce, aad, packet[8..tagStart], packet.Slice(tagStart, Tag));
        }

        // E = 0: AAD = packet up to the tag || E+index. Move the word next to the AAD so it is contiguous.
        Span<byte> tag = stackalloc byte[Tag];
        packet.Slice(tagStart, Tag).CopyTo(tag);
        BinaryPrimitives.WriteUInt32BigEndian(packet[tagStart..], indexWord);
        return _rtcp.Open(nonce, packet[..(tagStart + 4)], Span<byte>.Empty, tag);
    }

    private void RtpNonce(Span<byte> nonce, uint ssrc, ulong index)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], (uint)(index >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], (ushort)index);
        XorSalt(nonce, _rtpSalt);
    }

    private void RtcpNonce(Span<byte> nonce, uint ssrc, uint index)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        nonce[6] = 0;
        nonce[7] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index & 0x7FFF_FFFFu);
        XorSalt(nonce, _rtcpSalt);
    }

    private static void XorSalt(Span<byte> nonce, byte[] salt)
    {
        for (int i = 0; i < nonce.Length; i++)
        {
            nonce[i] ^= salt[i];
        }
    }

    public override void Dispose()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
        Array.Clear(_rtpSalt);
        Array.Clear(_rtcpSalt);
    }
}
