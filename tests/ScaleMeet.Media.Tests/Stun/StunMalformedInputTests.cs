using System.Text;
using ScaleMeet.Media.Ice;
using ScaleMeet.Media.Stun;

namespace ScaleMeet.Media.Tests.Stun;

/// <summary>Seeded random truncations, bit flips and noise against every STUN parser: nothing throws, damage is rejected.</summary>
public class StunMalformedInputTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes(Rfc5769.Password);

    public static TheoryData<string> Vectors => new() { "request", "ipv4", "ipv6" };

    private static byte[] Vector(string name) => name switch
    {
        "request" => Rfc5769.Request,
        "ipv4" => Rfc5769.IPv4Response,
        _ => Rfc5769.IPv6Response,
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Truncations_EveryLength_Rejected(string name)
    {
        byte[] packet = Vector(name);
        for (int length = 0; length < packet.Length; length++)
        {
            ReadOnlySpan<byte> truncated = packet.AsSpan(0, length);
            Assert.False(StunPacket.TryParse(truncated, out _));
            Assert.False(StunMessage.IsStun(truncated));
            Assert.False(StunMessage.TryGetUsername(truncated, out _, out _));
            Assert.False(IceBindingRequest.TryParseSuccess(truncated, Rfc5769.TransactionId, Rfc5769.Password, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void SingleBitFlips_EveryBit_NeverPassesFingerprint(string name)
    {
        byte[] original = Vector(name);
        for (int bit = 0; bit < original.Length * 8; bit++)
        {
            byte[] packet = (byte[])original.Clone();
            packet[bit / 8] ^= (byte)(1 << (bit % 8));

            // CRC-32 catches every single-bit error; where it does not apply the parser must reject.
            bool accepted = StunPacket.TryParse(packet, out StunPacket message) && message.VerifyFingerprint();
            Assert.False(accepted, $"bit {bit} flipped and still accepted");
            Assert.False(IceBindingRequest.TryParseSuccess(packet, Rfc5769.TransactionId, Rfc5769.Password, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void RandomByteCorruptions_ThousandsOfRounds_NoExceptionAndNeverAuthenticated(string name)
    {
        byte[] original = Vector(name);
        var random = new Random(5769);
        for (int round = 0; round < 5000; round++)
        {
            byte[] packet = (byte[])original.Clone();
            int changes = random.Next(1, 6);
            for (int i = 0; i < changes; i++)
            {
                packet[random.Next(packet.Length)] = (byte)random.Next(256);
            }

            bool same = packet.AsSpan().SequenceEqual(original);
            bool parsed = StunPacket.TryParse(packet, out StunPacket message);
            bool authentic = parsed && message.VerifyFingerprint() && message.VerifyMessageIntegrity(Key);
            Assert.Equal(same, authentic);
            _ = StunMessage.IsStun(packet);
            _ = StunMessage.TryGetUsername(packet, out _, out _);
            if (parsed)
            {
                foreach (StunAttribute attribute in message.Attributes)
                {
                    Assert.InRange(attribute.Offset + 4 + attribute.Value.Length, 24, packet.Length);
                }
            }
        }
    }

    [Fact]
    public void RandomNoise_ThousandsOfPackets_NoExceptionAndNoneAuthenticated()
    {
        var random = new Random(8489);
        for (int round = 0; round < 20000; round++)
        {
            byte[] packet = new byte[random.Next(0, 200)];
            random.NextBytes(packet);
            if (packet.Length >= 20 && random.Next(2) == 0)
            {
                // Make half of them look like STUN so the attribute walk is exercised.
                packet[0] &= 0x03;
                packet[2] = (byte)((packet.Length - 20) >> 8);
                packet[3] = (byte)((packet.Length - 20) & 0xFC);
                new byte[] { 0x21, 0x12, 0xa4, 0x42 }.CopyTo(packet.AsSpan(4));
            }

            _ = StunMessage.IsStun(packet);
            _ = StunMessage.TryGetUsername(packet, out _, out _);
            if (StunPacket.TryParse(packet, out StunPacket message))
            {
                Assert.Equal(packet.Length, 20 + ((packet[2] << 8) | packet[3]));
                Assert.False(message.VerifyFingerprint() && message.VerifyMessageIntegrity(Key));
            }

            byte[] transactionId = packet.Length >= 20 ? packet.AsSpan(8, 12).ToArray() : new byte[12];
            Assert.False(IceBindingRequest.TryParseSuccess(packet, transactionId, Rfc5769.Password, out _));
        }
    }
}
