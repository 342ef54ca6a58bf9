using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Media.Tests.Srtp;

/// <summary>
/// No SRTP index is protected twice (a repeated GCM nonce exposes the keystream and the authentication key), and
/// per-SSRC state is bounded and freed.
/// </summary>
public sealed class SrtpStreamBoundsTests
{
    public static TheoryData<SrtpProfile, bool> Configurations => SrtpSessionTests.Configurations;

    private static bool Protect(SrtpSession sender, ushort seq, uint ssrc = 0x11223344) =>
        sender.ProtectRtp(SrtpSessionTests.RtpPacket(seq, ssrc), SrtpSessionTests.RtpLength(), out _);

    [Theory]
    [MemberData(nameof(Configurations))]
    public void ProtectRtp_SameIndexTwice_SecondRefusedCountedAndLeftPlain(SrtpProfile profile, bool allowIntrinsics)
    {
        var (sender, receiver) = SrtpSessionTests.Pair(profile, allowIntrinsics);
        using (sender)
        using (receiver)
        {
            Assert.True(Protect(sender, 10));
            var again = SrtpSessionTests.RtpPacket(10);
            var plain = (byte[])again.Clone();

            Assert.False(sender.ProtectRtp(again, SrtpSessionTests.RtpLength(), out var length));

            Assert.Equal(0, length);
            Assert.Equal(1, sender.IndexReuseRefused);
            Assert.Equal(plain, again);
            Assert.Equal(0, sender.MalformedDropped);
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void ProtectRtp_ReorderedWithinWindow_OnceEach_TooOldRefused(SrtpProfile profile, bool allowIntrinsics)
    {
        var (sender, receiver) = SrtpSessionTests.Pair(profile, allowIntrinsics);
        using (sender)
        using (receiver)
        {
            Assert.True(Protect(sender, 100));
            Assert.True(Protect(sender, 200));

            Assert.True(Protect(sender, 150));  // 50 behind, never used: a reordered packet
            Assert.False(Protect(sender, 150)); // but only once
            Assert.True(Protect(sender, 137));  // 63 behind: the window's last slot
            Assert.False(Protect(sender, 136)); // 64 behind: too old to know, refused like libsrtp
            Assert.False(Protect(sender, 100));
            Assert.Equal(3, sender.IndexReuseRefused);
            Assert.True(Protect(sender, 201));
        }
    }

    [Fact]
    public void ProtectRtp_AcrossRollover_OldNumberIsAnOldIndexRefused()
    {
        var (sender, receiver) = SrtpSessionTests.Pair(SrtpProfile.AeadAes128Gcm);
        using (sender)
        using (receiver)
        {
            Assert.True(Protect(sender, 65_534));
            Assert.True(Protect(sender, 65_535));
            Assert.True(Protect(sender, 0)); // index 65 536 (ROC 1)

            Assert.False(Protect(sender, 65_535)); // index 65 535 again
            Assert.True(Protect(sender, 1));
            Assert.Equal(1, sender.IndexReuseRefused);
        }
    }

    [Fact]
    public void ProtectRtcp_IndexWouldWrap_Refused()
    {
        var (sender, receiver) = SrtpSessionTests.Pair(SrtpProfile.AeadAes128Gcm);
        using (sender)
        using (receiver)
        {
            var rtcp = new byte[200];
            SrtpHex.Bytes("80c90001 0a0b0c0d").CopyTo(rtcp, 0);
            Assert.True(sender.ProtectRtcp(rtcp, 8, out _));
            sender.SetRtcpSendIndex(0x0a0b0c0d, 0x7FFF_FFFE);
            SrtpHex.Bytes("80c90001 0a0b0c0d").CopyTo(rtcp, 0);
            Assert.True(sender.ProtectRtcp(rtcp, 8, out var length)); // index 2^31 − 1: the last
            Assert.True(receiver.UnprotectRtcp(rtcp, length, out _));

            SrtpHex.Bytes("80c90001 0a0b0c0d").CopyTo(rtcp, 0);
            Assert.False(sender.ProtectRtcp(rtcp, 8, out _));

            Assert.Equal(1, sender.IndexReuseRefused);
        }
    }

    [Fact]
    public void MaxStreams_NewSsrcBeyond_DroppedBothWaysBeforeAnyCrypto()
    {
        var key = new byte[16];
        var salt = new byte[12];
        using var sender = new SrtpSession(SrtpProfile.AeadAes128Gcm, key, salt, maxStreams: 2);
        using var unbounded = new SrtpSession(SrtpProfile.AeadAes128Gcm, key, salt);
        using var receiver = new SrtpSession(SrtpProfile.AeadAes128Gcm, key, salt, maxStreams: 2);
        Assert.True(Protect(sender, 1, ssrc: 1));
        Assert.True(Protect(sender, 1, ssrc: 2));

        Assert.False(Protect(sender, 1, ssrc: 3));
        Assert.True(Protect(sender, 2, ssrc: 1));
        Assert.Equal((1L, 2), (sender.StreamLimitDropped, sender.StreamCount));

        foreach (uint ssrc in new uint[] { 1, 2, 3 })
        {
            var packet = SrtpSessionTests.RtpPacket(5, ssrc);
            Assert.True(unbounded.ProtectRtp(packet, SrtpSessionTests.RtpLength(), out var length));
            Assert.Equal(ssrc != 3, receiver.UnprotectRtp(packet, length, out _));
        }

        Assert.Equal((1L, 0L, 2), (receiver.StreamLimitDropped, receiver.AuthenticationFailures, receiver.StreamCount));
    }

    [Fact]
    public void RemoveStream_Retired_ItsPacketsRefusedOnBothSidesAndStateFreed()
    {
        var (sender, receiver) = SrtpSessionTests.Pair(SrtpProfile.AeadAes128Gcm);
        using (sender)
        using (receiver)
        {
            var packet = SrtpSessionTests.RtpPacket(1, ssrc: 7);
            Assert.True(sender.ProtectRtp(packet, SrtpSessionTests.RtpLength(), out var length));
            var replay = (byte[])packet.Clone();
            Assert.True(receiver.UnprotectRtp(packet, length, out _));

            receiver.RemoveStream(7);
            sender.RemoveStream(7);

            Assert.Equal((0, 0), (sender.StreamCount, receiver.StreamCount));
            Assert.False(receiver.UnprotectRtp(replay, length, out _)); // a replay cannot bring the stream back
            Assert.False(Protect(sender, 2, ssrc: 7));                   // nor can the sender restart its index
            Assert.Equal((1L, 1L), (sender.RetiredStreamDropped, receiver.RetiredStreamDropped));
        }
    }

    [Fact]
    public void RemoveStream_NotRetired_StateStartsAfresh()
    {
        var (sender, receiver) = SrtpSessionTests.Pair(SrtpProfile.AeadAes128Gcm);
        using (sender)
        using (receiver)
        {
            var packet = SrtpSessionTests.RtpPacket(1, ssrc: 7);
            Assert.True(sender.ProtectRtp(packet, SrtpSessionTests.RtpLength(), out var length));
            var again = (byte[])packet.Clone();
            Assert.True(receiver.UnprotectRtp(packet, length, out _));

            receiver.RemoveStream(7, retire: false);

            Assert.True(receiver.UnprotectRtp(again, length, out _)); // what "not retired" costs: the window is gone
            Assert.Equal(0, receiver.RetiredStreamDropped);
        }
    }

    [Fact]
    public void RemoveStream_MoreThanTheRetiredMemory_OldestForgotten()
    {
        var (sender, receiver) = SrtpSessionTests.Pair(SrtpProfile.AeadAes128Gcm);
        using (sender)
        using (receiver)
        {
            for (uint ssrc = 1; ssrc <= SrtpSession.RetiredMemory + 1; ssrc++)
            {
                sender.RemoveStream(ssrc);
            }

            Assert.True(Protect(sender, 1, ssrc: 1));
            Assert.False(Protect(sender, 1, ssrc: 2));
            Assert.False(Protect(sender, 1, ssrc: SrtpSession.RetiredMemory + 1));
        }
    }

    [Fact]
    public void Constructor_NoStreams_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrtpSession(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[12], maxStreams: 0));
}
