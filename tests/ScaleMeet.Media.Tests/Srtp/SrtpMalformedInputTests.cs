using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Media.Tests.Srtp;

/// <summary>Randomized hostile input: truncations, bit flips, random bytes and lengths. Nothing may throw.</summary>
public sealed class SrtpMalformedInputTests
{
    [Theory]
    [MemberData(nameof(SrtpSessionTests.Configurations), MemberType = typeof(SrtpSessionTests))]
    public void Unprotect_RandomizedMalformedInput_NeverThrowsAndRejects(SrtpProfile profile, bool allowIntrinsics)
    {
        var (sender, receiver) = SrtpSessionTests.Pair(profile, allowIntrinsics);
        using (sender)
        using (receiver)
        {
            var random = new Random(3550);
            byte[] rtp = SrtpSessionTests.RtpPacket(500);
            Assert.True(sender.ProtectRtp(rtp, SrtpSessionTests.RtpLength(), out int rtpLength));
            byte[] rtcp = new byte[64];
            SrtpHex.Bytes("81c90007 0a0b0c0d 01020304 05060708").CopyTo(rtcp, 0);
            Assert.True(sender.ProtectRtcp(rtcp, 16, out int rtcpLength));

            int accepted = 0;
            for (int iteration = 0; iteration < 6000; iteration++)
            {
                bool isRtp = (iteration & 1) == 0;
                byte[] source = isRtp ? rtp : rtcp;
                int sourceLength = isRtp ? rtpLength : rtcpLength;
                byte[] buffer;
                int length;
                switch (iteration % 5)
                {
                    case 0: // truncation
                        length = random.Next(0, sourceLength);
                        buffer = source[..length];
                        break;
                    case 1: // bit flips at one to three distinct bytes
                        buffer = source[..sourceLength];
                        int start = random.Next(buffer.Length);
                        for (int f = random.Next(1, 4); f > 0; f--)
                        {
                            buffer[(start + f * 7) % buffer.Length] ^= (byte)(1 << random.Next(8));
                        }
                        length = buffer.Length;
                        break;
                    case 2: // random bytes with a valid-looking version
                        buffer = new byte[random.Next(0, 200)];
                        random.NextBytes(buffer);
                        if (buffer.Length > 0) buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
                        length = buffer.Length;
                        break;
                    case 3: // lying length: longer than the buffer, or negative
                        buffer = source[..sourceLength];
                        length = random.Next(2) == 0 ? sourceLength + random.Next(1, 100) : -random.Next(1, 100);
                        break;
                    default: // huge CSRC count / extension length claims
                        buffer = source[..sourceLength];
                        buffer[0] = (byte)(0x90 | random.Next(16));
                        buffer[14] = (byte)random.Next(256);
                        length = buffer.Length;
                        break;
                }

                bool ok = isRtp
                    ? receiver.UnprotectRtp(buffer, length, out int plain)
                    : receiver.UnprotectRtcp(buffer, length, out plain);
                if (ok)
                {
                    accepted++;
                    Assert.InRange(plain, 0, length);
                }
            }
            // Only a packet whose flips all landed outside what is authenticated could pass; none can.
            Assert.Equal(0, accepted);
            Assert.Equal(6000, receiver.AuthenticationFailures + receiver.ReplaysDropped + receiver.MalformedDropped);
            Assert.True(receiver.MalformedDropped > 0);
            Assert.True(receiver.AuthenticationFailures > 0);
        }
    }

    [Theory]
    [MemberData(nameof(SrtpSessionTests.Configurations), MemberType = typeof(SrtpSessionTests))]
    public void Protect_RandomizedInput_NeverThrowsAndNeverWritesPastTheBuffer(SrtpProfile profile, bool allowIntrinsics)
    {
        var (sender, receiver) = SrtpSessionTests.Pair(profile, allowIntrinsics);
        using (sender)
        using (receiver)
        {
            var random = new Random(3711);
            for (int iteration = 0; iteration < 4000; iteration++)
            {
                byte[] buffer = new byte[random.Next(0, 120)];
                random.NextBytes(buffer);
                if (random.Next(2) == 0 && buffer.Length > 0) buffer[0] = (byte)(0x80 | (buffer[0] & 0x2F));
                int length = random.Next(-10, buffer.Length + 10);
                bool isRtp = random.Next(2) == 0;
                bool ok = isRtp
                    ? sender.ProtectRtp(buffer, length, out int written)
                    : sender.ProtectRtcp(buffer, length, out written);
                long replaysBefore = receiver.ReplaysDropped;
                if (ok)
                {
                    Assert.InRange(written, length, buffer.Length);
                    // Whatever was accepted must round-trip.
                    bool back = isRtp
                        ? receiver.UnprotectRtp(buffer, written, out int plain)
                        : receiver.UnprotectRtcp(buffer, written, out plain);
                    Assert.True(back || receiver.ReplaysDropped == replaysBefore + 1);
                }
                else
                {
                    Assert.Equal(0, written);
                }
            }
            Assert.True(sender.MalformedDropped > 0);
        }
    }
}
