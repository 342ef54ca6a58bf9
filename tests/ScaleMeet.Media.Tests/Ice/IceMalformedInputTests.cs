using System.Net;
using ScaleMeet.Media.Ice;
using ScaleMeet.Media.Tests.Stun;

namespace ScaleMeet.Media.Tests.Ice;

/// <summary>Seeded random damage to valid checks fed to <see cref="IceLiteSession.Handle"/>: nothing throws, nothing damaged is answered.</summary>
public class IceMalformedInputTests
{
    private const string Pwd = "abcdefghijklmnopqrstuvwx";
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("192.0.2.1"), 5000);

    [Fact]
    public void Handle_CorruptedOrTruncatedChecks_NeverAnsweredNeverThrows()
    {
        var time = new ManualTimeProvider();
        var session = new IceLiteSession("brdg", Pwd, time) { RemoteUfrag = "peer" };
        var random = new Random(8445);
        var request = new byte[256];
        var response = new byte[IceLiteSession.MinResponseBufferLength];
        var transactionId = new byte[12];

        for (int round = 0; round < 10000; round++)
        {
            random.NextBytes(transactionId);
            int length = IceBindingRequest.Write(request, transactionId, "brdg", "peer", Pwd, (uint)random.Next(), (ulong)random.NextInt64(), random.Next(2) == 0);
            byte[] original = request.AsSpan(0, length).ToArray();
            byte[] damaged = (round % 3) switch
            {
                0 => original.AsSpan(0, random.Next(length)).ToArray(),   // truncated
                1 => FlipBits(original, random),                          // bit flips
                _ => RandomBytes(original, random),                       // overwritten bytes
            };

            IceCheckResult result = session.Handle(damaged, Peer, response, out int written);

            bool intact = damaged.AsSpan().SequenceEqual(original);
            Assert.Equal(intact, result is IceCheckResult.Answered or IceCheckResult.AnsweredAndNominated);
            Assert.Equal(result == IceCheckResult.Dropped, written == 0);
        }

        Assert.True(session.SelectedEndpoint is null || session.SelectedEndpoint.Equals(Peer));
    }

    [Fact]
    public void Handle_RandomNoise_NeverAnsweredNeverThrows()
    {
        var session = new IceLiteSession("brdg", Pwd, new ManualTimeProvider());
        var random = new Random(7983);
        var response = new byte[IceLiteSession.MinResponseBufferLength];
        for (int round = 0; round < 20000; round++)
        {
            byte[] packet = new byte[random.Next(0, 160)];
            random.NextBytes(packet);
            if (packet.Length >= 20 && random.Next(2) == 0)
            {
                packet[0] &= 0x01; // request or indication class bits partly set
                packet[2] = (byte)((packet.Length - 20) >> 8);
                packet[3] = (byte)((packet.Length - 20) & 0xFC);
                new byte[] { 0x21, 0x12, 0xa4, 0x42 }.CopyTo(packet.AsSpan(4));
            }

            IceCheckResult result = session.Handle(packet, Peer, response, out _);

            Assert.NotEqual(IceCheckResult.Answered, result);
            Assert.NotEqual(IceCheckResult.AnsweredAndNominated, result);
        }

        Assert.Null(session.SelectedEndpoint);
    }

    private static byte[] FlipBits(byte[] original, Random random)
    {
        byte[] copy = (byte[])original.Clone();
        int flips = random.Next(1, 4);
        for (int i = 0; i < flips; i++)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private static byte[] RandomBytes(byte[] original, Random random)
    {
        byte[] copy = (byte[])original.Clone();
        int changes = random.Next(1, 6);
        for (int i = 0; i < changes; i++)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return copy;
    }
}
