using ScaleMeet.Media.Srtp;
using static ScaleMeet.Media.Tests.Srtp.SrtpHex;

namespace ScaleMeet.Media.Tests.Srtp;

/// <summary>Published vectors: RFC 3711 Appendix B.2/B.3, RFC 7714 §16/§17, libsrtp's srtp_validate packets.</summary>
public sealed class SrtpVectorTests
{
    // ---- RFC 3711 Appendix B.2: AES-CM keystream ----
    // Session Key:  2B7E151628AED2A6ABF7158809CF4F3C
    // Rollover Counter: 00000000, Sequence Number: 0000, SSRC: 00000000
    // Session Salt: F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000 (already shifted)
    // Offset:       F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AesCm_Rfc3711B2_KeystreamMatches(bool allowIntrinsics)
    {
        using var ctr = new AesCounterMode(Bytes("2B7E151628AED2A6ABF7158809CF4F3C"), allowIntrinsics);
        byte[] keystream = new byte[0xFF02 * 16];
        ctr.Xor(Bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), keystream);

        // Counter                             Keystream
        // F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000    E03EAD0935C95E80E166B16DD92B4EB4
        // F0F1F2F3F4F5F6F7F8F9FAFBFCFD0001    D23513162B02D0F72A43A2FE4A5F97AB
        // F0F1F2F3F4F5F6F7F8F9FAFBFCFD0002    41E95B3BB0A2E8DD477901E4FCA894C0
        // ...                                 ...
        // F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF    EC8CDF7398607CB0F2D21675EA9EA1E4
        // F0F1F2F3F4F5F6F7F8F9FAFBFCFDFF00    362B7C3C6773516318A077D7FC5073AE
        // F0F1F2F3F4F5F6F7F8F9FAFBFCFDFF01    6A2CC3787889374FBEB4C81B17BA6C44
        Assert.Equal(Bytes("E03EAD0935C95E80E166B16DD92B4EB4"), Block(keystream, 0x0000));
        Assert.Equal(Bytes("D23513162B02D0F72A43A2FE4A5F97AB"), Block(keystream, 0x0001));
        Assert.Equal(Bytes("41E95B3BB0A2E8DD477901E4FCA894C0"), Block(keystream, 0x0002));
        Assert.Equal(Bytes("EC8CDF7398607CB0F2D21675EA9EA1E4"), Block(keystream, 0xFEFF));
        Assert.Equal(Bytes("362B7C3C6773516318A077D7FC5073AE"), Block(keystream, 0xFF00));
        Assert.Equal(Bytes("6A2CC3787889374FBEB4C81B17BA6C44"), Block(keystream, 0xFF01));
    }

    private static byte[] Block(byte[] keystream, int counter) => keystream.AsSpan(counter * 16, 16).ToArray();

    // ---- RFC 3711 Appendix B.3: key derivation ----
    // master key:  E1F97A0D3E018BE0D64FA32C06DE4139
    // master salt: 0EC675AD498AFEEBB6960B3AABE6
    // packet index 000000000000, key_derivation_rate 0
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void KeyDerivation_Rfc3711B3_SessionKeysMatch(bool allowIntrinsics)
    {
        byte[] masterKey = Bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = Bytes("0EC675AD498AFEEBB6960B3AABE6");

        byte[] cipherKey = new byte[16];   // label 00
        SrtpKeyDerivation.Derive(masterKey, masterSalt, 0x00, cipherKey, allowIntrinsics);
        Assert.Equal(Bytes("C61E7A93744F39EE10734AFE3FF7A087"), cipherKey);

        byte[] cipherSalt = new byte[14];  // label 02
        SrtpKeyDerivation.Derive(masterKey, masterSalt, 0x02, cipherSalt, allowIntrinsics);
        Assert.Equal(Bytes("30CBBC08863D8C85D49DB34A9AE1"), cipherSalt);

        byte[] authKey = new byte[94];     // label 01, the RFC prints 94 octets
        SrtpKeyDerivation.Derive(masterKey, masterSalt, 0x01, authKey, allowIntrinsics);
        Assert.Equal(Bytes("""
            CEBE321F6FF7716B6FD4AB49AF256A15
            6D38BAA48F0A0ACF3C34E2359E6CDBCE
            E049646C43D9327AD175578EF7227098
            6371C10C9A369AC2F94A8C5FBCDDDC25
            6D6E919A48B610EF17C2041E47403576
            6B68642C59BBFC2F34DB60DBDFB2
            """), authKey);
    }

    // ---- RFC 7714 §16 and §17: AEAD_AES_128_GCM with session keys ----
    private static readonly byte[] s_rfc7714Key = Bytes("00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f");
    private static readonly byte[] s_rfc7714Salt = Bytes("51 75 69 64 20 70 72 6f 20 71 75 6f");

    // RTP: 8040f17b = V2, PT 64, SEQ 0xf17b; 8041f8d3 = timestamp; 5501a0b2 = SSRC; payload "Gallia est omnis divisa in partes tres"
    private const string Rfc7714RtpPlain = """
        8040f17b 8041f8d3 5501a0b2 47616c6c
        69612065 7374206f 6d6e6973 20646976
        69736120 696e2070 61727465 73207472
        6573
        """;
    private const string Rfc7714RtpProtected = """
        8040f17b 8041f8d3 5501a0b2 f24de3a3
        fb34de6c acba861c 9d7e4bca be633bd5
        0d294e6f 42a5f47a 51c7d19b 36de3adf
        8833899d 7f27beb1 6a9152cf 765ee439
        0cce
        """;

    // RTCP: 81c8000d = V2, RC 1, PT SR(200), length 13; 4d617273 = SSRC; sender info, report block, deadbeef filler
    private const string Rfc7714RtcpPlain = """
        81c8000d 4d617273 4e545031 4e545032
        52545020 0000042a 0000e930 4c756e61
        deadbeef deadbeef deadbeef deadbeef
        deadbeef
        """;
    // ... | ciphertext | tag (16) | 800005d4 = E=1, SRTCP index 0x5d4
    private const string Rfc7714RtcpProtected = """
        81c8000d 4d617273 63e94885 dcdab67c
        a727d766 2f6b7e99 7ff5c0f7 6c06f32d
        c676a5f1 730d6fda 4ce09b46 86303ded
        0bb9275b c84aa458 96cf4d2f c5abf872
        45d9eade 800005d4
        """;
    // §17, tag-only (E = 0): plaintext | tag (16) | 000005d4 = E=0, SRTCP index 0x5d4
    private const string Rfc7714RtcpAuthOnly = """
        81c8000d 4d617273 4e545031 4e545032
        52545020 0000042a 0000e930 4c756e61
        deadbeef deadbeef deadbeef deadbeef
        deadbeef 841dd968 3dd78ec9 2ae58790
        125f62b3 000005d4
        """;

    private static GcmTransform Rfc7714Transform(bool allowIntrinsics) =>
        new(s_rfc7714Key, s_rfc7714Salt, s_rfc7714Key, s_rfc7714Salt, allowIntrinsics);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Gcm_Rfc7714Section16_RtpEncryptsAndDecrypts(bool allowIntrinsics)
    {
        byte[] plain = Bytes(Rfc7714RtpPlain);
        byte[] expected = Bytes(Rfc7714RtpProtected);
        using var sender = new SrtpSession(SrtpProfile.AeadAes128Gcm, Rfc7714Transform(allowIntrinsics));
        byte[] packet = new byte[plain.Length + 16];
        plain.CopyTo(packet, 0);

        Assert.True(sender.ProtectRtp(packet, plain.Length, out int protectedLength)); // ROC 0, SEQ f17b
        Assert.Equal(expected, packet[..protectedLength]);

        using var receiver = new SrtpSession(SrtpProfile.AeadAes128Gcm, Rfc7714Transform(allowIntrinsics));
        Assert.True(receiver.UnprotectRtp(packet, protectedLength, out int plainLength));
        Assert.Equal(plain, packet[..plainLength]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Gcm_Rfc7714Section17_RtcpEncryptsAndDecrypts(bool allowIntrinsics)
    {
        byte[] plain = Bytes(Rfc7714RtcpPlain);
        byte[] expected = Bytes(Rfc7714RtcpProtected);
        using GcmTransform transform = Rfc7714Transform(allowIntrinsics);
        byte[] packet = new byte[plain.Length + 20];
        plain.CopyTo(packet, 0);

        transform.ProtectRtcp(packet, plain.Length, 0x4d617273, 0x5d4);
        Assert.Equal(expected, packet);

        using var receiver = new SrtpSession(SrtpProfile.AeadAes128Gcm, Rfc7714Transform(allowIntrinsics));
        Assert.True(receiver.UnprotectRtcp(packet, packet.Length, out int plainLength));
        Assert.Equal(plain, packet[..plainLength]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Gcm_Rfc7714Section17AuthOnly_RtcpWithEZeroVerifies(bool allowIntrinsics)
    {
        byte[] packet = Bytes(Rfc7714RtcpAuthOnly);
        using var receiver = new SrtpSession(SrtpProfile.AeadAes128Gcm, Rfc7714Transform(allowIntrinsics));
        Assert.True(receiver.UnprotectRtcp(packet, packet.Length, out int plainLength));
        Assert.Equal(Bytes(Rfc7714RtcpPlain), packet[..plainLength]);

        byte[] tampered = Bytes(Rfc7714RtcpAuthOnly);
        tampered[20] ^= 0x01;
        using var other = new SrtpSession(SrtpProfile.AeadAes128Gcm, Rfc7714Transform(allowIntrinsics));
        Assert.False(other.UnprotectRtcp(tampered, tampered.Length, out _));
        Assert.Equal(1, other.AuthenticationFailures);
    }

    // ---- libsrtp test/srtp_driver.c srtp_validate(): default policy AES_CM_128_HMAC_SHA1_80, SSRC 0xcafebabe ----
    private const string LibsrtpRtpPlain = "800f1234 decafbad cafebabe abababab abababab abababab abababab"; // V2 PT15 SEQ 0x1234
    private const string LibsrtpRtcpPlain = "81c8000b cafebabe abababab abababab abababab abababab";         // SR, SSRC cafebabe

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AesCm_LibsrtpReferencePackets_Match(bool allowIntrinsics)
    {
        byte[] masterKey = Bytes("e1f97a0d3e018be0d64fa32c06de4139");
        byte[] masterSalt = Bytes("0ec675ad498afeebb6960b3aabe6");
        AssertKnownPackets(SrtpProfile.AesCm128HmacSha1_80, masterKey, masterSalt, allowIntrinsics,
            // header | ciphertext | HMAC-SHA1-80
            "800f1234 decafbad cafebabe 4e55dc4c e79978d8 8ca4d215 949d2402 b78d6acc 99ea179b 8dbb",
            // header | ciphertext | 80000001 (E=1, index 1) | HMAC-SHA1-80
            "81c8000b cafebabe 7128035b e487b9bd bef89041 f977a5a8 80000001 993e08cd 54d6c123 0798");
    }

    // ---- libsrtp srtp_validate_gcm(): AEAD_AES_128_GCM from a master key, so it also checks the 12-byte-salt KDF ----
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Gcm_LibsrtpReferencePackets_Match(bool allowIntrinsics)
    {
        byte[] masterKey = Bytes("000102030405060708090a0b0c0d0e0f");
        byte[] masterSalt = Bytes("a0a1a2a3a4a5a6a7a8a9aaab");
        AssertKnownPackets(SrtpProfile.AeadAes128Gcm, masterKey, masterSalt, allowIntrinsics,
            // header | ciphertext | tag
            "800f1234 decafbad cafebabe c5002ede 04cfdd2e b91159e0 880aa06e d2976826 f796b201 df3131a1 27e8a392",
            // header | ciphertext | tag | 80000001
            "81c8000b cafebabe c98b8b5d f0392a55 852b6c21 ac8e7025 c52c6fbe a2b3b446 ea31123b a88ce61e 80000001");
    }

    private static void AssertKnownPackets(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, bool allowIntrinsics,
        string rtpExpected, string rtcpExpected)
    {
        using var sender = new SrtpSession(profile, masterKey, masterSalt, allowIntrinsics);
        using var receiver = new SrtpSession(profile, masterKey, masterSalt, allowIntrinsics);

        byte[] rtpPlain = Bytes(LibsrtpRtpPlain);
        byte[] packet = new byte[64];
        rtpPlain.CopyTo(packet, 0);
        Assert.True(sender.ProtectRtp(packet, rtpPlain.Length, out int rtpLength));
        Assert.Equal(Bytes(rtpExpected), packet[..rtpLength]);
        Assert.True(receiver.UnprotectRtp(packet, rtpLength, out int rtpPlainLength));
        Assert.Equal(rtpPlain, packet[..rtpPlainLength]);

        byte[] rtcpPlain = Bytes(LibsrtpRtcpPlain);
        Array.Clear(packet);
        rtcpPlain.CopyTo(packet, 0);
        Assert.True(sender.ProtectRtcp(packet, rtcpPlain.Length, out int rtcpLength));
        Assert.Equal(Bytes(rtcpExpected), packet[..rtcpLength]);
        Assert.True(receiver.UnprotectRtcp(packet, rtcpLength, out int rtcpPlainLength));
        Assert.Equal(rtcpPlain, packet[..rtcpPlainLength]);
    }
}
