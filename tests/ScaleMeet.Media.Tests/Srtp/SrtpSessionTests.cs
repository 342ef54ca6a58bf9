using System.Buffers.Binary;
using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Media.Tests.Srtp;

/// <summary>Round trips, roll-over counter, replay window and counters through the public API.</summary>
public sealed class SrtpSessionTests
{
    public static TheoryData<SrtpProfile, bool> Configurations => new()
    {
        { SrtpProfile.AeadAes128Gcm, true },
        { SrtpProfile.AeadAes128Gcm, false },
        { SrtpProfile.AesCm128HmacSha1_80, true },
        { SrtpProfile.AesCm128HmacSha1_80, false },
    };

    internal static (SrtpSession Sender, SrtpSession Receiver) Pair(SrtpProfile profile, bool allowIntrinsics = true,
        bool receiverIntrinsics = true)
    {
        byte[] key = new byte[SrtpSession.KeyLength(profile)];
        byte[] salt = new byte[SrtpSession.SaltLength(profile)];
        new Random(42).NextBytes(key);
        new Random(43).NextBytes(salt);
        return (new SrtpSession(profile, key, salt, allowIntrinsics), new SrtpSession(profile, key, salt, receiverIntrinsics));
    }

    /// <summary>RTP with 2 CSRCs, a one-word header extension and 4 bytes of padding, in a buffer with spare room.</summary>
    internal static byte[] RtpPacket(ushort seq, uint ssrc = 0x11223344, int payload = 100)
    {
        byte[] packet = new byte[12 + 8 + 8 + payload + 64];
        packet[0] = 0x80 | 0x20 | 0x10 | 2;                              // V=2, P=1, X=1, CC=2
        packet[1] = 96;                                                  // PT 96
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 90000u * seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), 0xC5C5C5C5); // CSRC 1
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(16), 0xD6D6D6D6); // CSRC 2
        packet[20] = 0xBE; packet[21] = 0xDE; packet[22] = 0; packet[23] = 1; // one-byte extensions, 1 word
        packet[24] = 0x10; packet[25] = 0x7F; packet[26] = 0; packet[27] = 0; // id 1, len 1, value 0x7F, padding
        for (int i = 0; i < payload; i++) packet[28 + i] = (byte)(i * 7 + seq);
        packet[28 + payload - 1] = 4;                                    // last padding byte: count 4
        return packet;
    }

    internal const int RtpHeader = 28;

    internal static int RtpLength(int payload = 100) => RtpHeader + payload;

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Rtp_ProtectThenUnprotect_RestoresPacketAndKeepsHeaderClear(SrtpProfile profile, bool allowIntrinsics)
    {
        var (sender, receiver) = Pair(profile, allowIntrinsics, receiverIntrinsics: !allowIntrinsics);
        using (sender)
        using (receiver)
        {
            for (ushort seq = 1000; seq < 1010; seq++)
            {
                byte[] packet = RtpPacket(seq);
                byte[] original = packet[..RtpLength()];
                Assert.True(sender.ProtectRtp(packet, RtpLength(), out int protectedLength));
                Assert.Equal(RtpLength() + (profile == SrtpProfile.AeadAes128Gcm ? 16 : 10), protectedLength);
                Assert.Equal(original[..RtpHeader], packet[..RtpHeader]);            // header incl. extension in clear
                Assert.NotEqual(original[RtpHeader..], packet[RtpHeader..RtpLength()]); // payload encrypted

                Assert.True(receiver.UnprotectRtp(packet, protectedLength, out int plainLength));
                Assert.Equal(original, packet[..plainLength]);
            }
            Assert.Equal(0, receiver.AuthenticationFailures + receiver.ReplaysDropped + receiver.MalformedDropped);
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Rtcp_ProtectThenUnprotect_SetsEBitAndCountsIndex(SrtpProfile profile, bool allowIntrinsics)
    {
        var (sender, receiver) = Pair(profile, allowIntrinsics, receiverIntrinsics: !allowIntrinsics);
        using (sender)
        using (receiver)
        {
            int indexFromEnd = profile == SrtpProfile.AeadAes128Gcm ? 4 : 14;
            for (uint expectedIndex = 1; expectedIndex <= 5; expectedIndex++)
            {
                // Receiver report: V=2 RC=0 PT=201 length=1, SSRC; then 12 bytes of a made-up APP-ish tail.
                byte[] packet = new byte[64];
                SrtpHex.Bytes("80c90001 0a0b0c0d 01020304 05060708 090a0b0c").CopyTo(packet, 0);
                byte[] original = packet[..20];
                Assert.True(sender.ProtectRtcp(packet, 20, out int protectedLength));
                Assert.Equal(20 + (profile == SrtpProfile.AeadAes128Gcm ? 20 : 14), protectedLength);
                Assert.Equal(original[..8], packet[..8]);
                Assert.NotEqual(original[8..], packet[8..20]);
                uint word = BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(protectedLength - indexFromEnd));
                Assert.Equal(0x8000_0000u | expectedIndex, word);

                Assert.True(receiver.UnprotectRtcp(packet, protectedLength, out int plainLength));
                Assert.Equal(original, packet[..plainLength]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Rtp_SequenceWrapsFrom65535To0_BothSidesCarryTheRolloverCounter(SrtpProfile profile, bool allowIntrinsics)
    {
        var (sender, receiver) = Pair(profile, allowIntrinsics);
        using (sender)
        using (receiver)
        {
            ushort[] sent = [65533, 65534, 65535, 0, 1, 2];
            var protectedPackets = new List<(byte[] Packet, int Length, byte[] Plain)>();
            foreach (ushort seq in sent)
            {
                byte[] packet = RtpPacket(seq);
                byte[] plain = packet[..RtpLength()];
                Assert.True(sender.ProtectRtp(packet, RtpLength(), out int length));
                protectedPackets.Add((packet, length, plain));
            }

            // Seq 0 after the wrap is index 65536 (ROC 1): not the ciphertext a fresh stream gives seq 0 (ROC 0).
            var (fresh, unused) = Pair(profile, allowIntrinsics);
            unused.Dispose();
            byte[] rocZero = RtpPacket(0);
            Assert.True(fresh.ProtectRtp(rocZero, RtpLength(), out int rocZeroLength));
            Assert.NotEqual(rocZero[..rocZeroLength], protectedPackets[3].Packet[..protectedPackets[3].Length]);

            // Receive out of order across the wrap: 65533, 0, 2, 65535 (ROC − 1 guess), 1, 65534.
            foreach (int i in new[] { 0, 3, 5, 2, 4, 1 })
            {
                var (packet, length, plain) = protectedPackets[i];
                Assert.True(receiver.UnprotectRtp(packet, length, out int plainLength), $"seq {sent[i]}");
                Assert.Equal(plain, packet[..plainLength]);
            }
            Assert.Equal(0, receiver.AuthenticationFailures + receiver.ReplaysDropped);
            fresh.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Rtp_ReplayWindow_RejectsRepeatsAndTooOldAcceptsReorderedWithin(SrtpProfile profile, bool allowIntrinsics)
    {
        var (sender, receiver) = Pair(profile, allowIntrinsics);
        using (sender)
        using (receiver)
        {
            var packets = new Dictionary<ushort, (byte[] Packet, int Length)>();
            for (ushort seq = 0; seq <= 200; seq++)
            {
                byte[] packet = RtpPacket(seq);
                Assert.True(sender.ProtectRtp(packet, RtpLength(), out int length));
                packets[seq] = (packet, length);
            }

            bool Receive(ushort seq)
            {
                var (packet, length) = packets[seq];
                return receiver.UnprotectRtp((byte[])packet.Clone(), length, out _);
            }

            Assert.True(Receive(100));
            Assert.False(Receive(100));                 // exact replay
            Assert.Equal(1, receiver.ReplaysDropped);
            Assert.True(Receive(90));                   // reordered, within the window
            Assert.True(Receive(37));                   // 63 behind the highest: last slot of the window
            Assert.False(Receive(36));                  // 64 behind: too old
            Assert.False(Receive(90));                  // replay of a reordered packet
            Assert.Equal(3, receiver.ReplaysDropped);
            Assert.True(Receive(101));
            Assert.True(Receive(200));                  // jump forward by more than the window
            Assert.False(Receive(101));                 // now 99 behind
            Assert.True(Receive(199));
            Assert.Equal(0, receiver.AuthenticationFailures);
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Rtp_TamperedPacket_IsRejectedAndDoesNotAdvanceTheWindow(SrtpProfile profile, bool allowIntrinsics)
    {
        var (sender, receiver) = Pair(profile, allowIntrinsics);
        using (sender)
        using (receiver)
        {
            var packets = new Dictionary<ushort, (byte[] Packet, int Length)>();
            foreach (ushort seq in new ushort[] { 10, 20, 300 })
            {
                byte[] packet = RtpPacket(seq);
                Assert.True(sender.ProtectRtp(packet, RtpLength(), out int length));
                packets[seq] = (packet, length);
            }

            // A forged first packet creates no state: the genuine one is still accepted afterwards.
            byte[] forgedFirst = (byte[])packets[20].Packet.Clone();
            forgedFirst[RtpHeader + 3] ^= 0x40;
            Assert.False(receiver.UnprotectRtp(forgedFirst, packets[20].Length, out _));
            Assert.True(receiver.UnprotectRtp((byte[])packets[20].Packet.Clone(), packets[20].Length, out _));

            // Tampered packet far ahead (seq 300, header, payload or tag byte): rejected each time.
            var random = new Random(5);
            for (int i = 0; i < 50; i++)
            {
                byte[] forged = (byte[])packets[300].Packet.Clone();
                forged[random.Next(packets[300].Length)] ^= (byte)(1 << random.Next(8));
                Assert.False(receiver.UnprotectRtp(forged, packets[300].Length, out _));
            }
            Assert.True(receiver.AuthenticationFailures + receiver.ReplaysDropped + receiver.MalformedDropped >= 51);

            // Had the window moved to 300, seq 10 would now be too old; it is still accepted, and so is genuine 300.
            Assert.True(receiver.UnprotectRtp((byte[])packets[10].Packet.Clone(), packets[10].Length, out _));
            Assert.True(receiver.UnprotectRtp((byte[])packets[300].Packet.Clone(), packets[300].Length, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Rtcp_ReplayAndTamper_AreRejected(SrtpProfile profile, bool allowIntrinsics)
    {
        var (sender, receiver) = Pair(profile, allowIntrinsics);
        using (sender)
        using (receiver)
        {
            var packets = new List<(byte[] Packet, int Length)>();
            for (int i = 0; i < 3; i++)
            {
                byte[] packet = new byte[64];
                SrtpHex.Bytes("81c90007 0a0b0c0d 01020304 05060708").CopyTo(packet, 0);
                Assert.True(sender.ProtectRtcp(packet, 16, out int length));
                packets.Add((packet, length));
            }

            byte[] forged = (byte[])packets[2].Packet.Clone();
            forged[10] ^= 1;
            Assert.False(receiver.UnprotectRtcp(forged, packets[2].Length, out _));
            Assert.Equal(1, receiver.AuthenticationFailures);

            Assert.True(receiver.UnprotectRtcp((byte[])packets[1].Packet.Clone(), packets[1].Length, out _));
            Assert.False(receiver.UnprotectRtcp((byte[])packets[1].Packet.Clone(), packets[1].Length, out _));
            Assert.Equal(1, receiver.ReplaysDropped);
            Assert.True(receiver.UnprotectRtcp((byte[])packets[0].Packet.Clone(), packets[0].Length, out _));
            Assert.True(receiver.UnprotectRtcp((byte[])packets[2].Packet.Clone(), packets[2].Length, out _));
        }
    }

    [Fact]
    public void Session_WrongKeyLengths_Throw()
    {
        Assert.Throws<ArgumentException>(() => new SrtpSession(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[14]));
        Assert.Throws<ArgumentException>(() => new SrtpSession(SrtpProfile.AesCm128HmacSha1_80, new byte[16], new byte[12]));
        Assert.Throws<ArgumentException>(() => new SrtpSession(SrtpProfile.AeadAes128Gcm, new byte[15], new byte[12]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SrtpSession.KeyLength((SrtpProfile)0x99));
        Assert.Equal(16, SrtpSession.MaxRtpOverhead);
        Assert.Equal(20, SrtpSession.MaxRtcpOverhead);
        Assert.Equal(12, SrtpSession.SaltLength(SrtpProfile.AeadAes128Gcm));
        Assert.Equal(14, SrtpSession.SaltLength(SrtpProfile.AesCm128HmacSha1_80));
    }

    [Fact]
    public void Session_IntrinsicsFlag_SelectsTheImplementation()
    {
        var (ni, platform) = Pair(SrtpProfile.AeadAes128Gcm, allowIntrinsics: true, receiverIntrinsics: false);
        Assert.Equal(AesGcmIntrinsics.IsSupported, ni.UsesIntrinsics);
        Assert.False(platform.UsesIntrinsics);
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Session_SteadyState_AllocatesNothingPerPacket(SrtpProfile profile, bool allowIntrinsics)
    {
        var (sender, receiver) = Pair(profile, allowIntrinsics);
        byte[] packet = new byte[1300];
        byte[] rtcp = new byte[200];
        void RoundTrip(ushort seq)
        {
            RtpPacket(seq, payload: 1100).AsSpan(0, 1128).CopyTo(packet);
            Assert.True(sender.ProtectRtp(packet, 1128, out int length));
            Assert.True(receiver.UnprotectRtp(packet, length, out _));
            SrtpHex.Bytes("80c90001 0a0b0c0d").CopyTo(rtcp, 0);
            Assert.True(sender.ProtectRtcp(rtcp, 100, out int rtcpLength));
            Assert.True(receiver.UnprotectRtcp(rtcp, rtcpLength, out _));
        }
        RoundTrip(0); // first packet of the SSRC creates its state
        RtpPacket(1, payload: 1100).AsSpan(0, 1128).CopyTo(packet);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (ushort seq = 1; seq < 200; seq++)
        {
            Assert.True(sender.ProtectRtp(packet, 1128, out int length));
            Assert.True(receiver.UnprotectRtp(packet, length, out _));
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(seq + 1));
            Assert.True(sender.ProtectRtcp(rtcp, 100, out int rtcpLength));
            Assert.True(receiver.UnprotectRtcp(rtcp, rtcpLength, out _));
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
