using ScaleMeet.LoadTest.Hostile;
using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.LoadTest.Tests.Hostile;

/// <summary>The flood is a valid 40-byte transport-wide feedback declaring 65 535 lost packets.</summary>
public sealed class TransportCcFloodTests
{
    [Fact]
    public void Write_Parses_65535StatusesNoneReceived()
    {
        var buffer = new byte[64];

        var length = TransportCcFlood.Write(buffer, 0xAAAA, 0xBBBB, baseSequence: 65000, referenceTime: 0x123456, feedbackCount: 7);

        Assert.Equal(40, length);
        Assert.True(TransportCc.TryParse(buffer.AsSpan(0, length), out var feedback));
        Assert.Equal((0xAAAAu, 0xBBBBu, (ushort)65000, 65535, 0x123456, (byte)7, 0),
            (feedback.SenderSsrc, feedback.MediaSsrc, feedback.BaseSequenceNumber, feedback.PacketStatusCount, feedback.ReferenceTime,
                feedback.FeedbackPacketCount, feedback.ReceivedCount));
        var count = 0;
        foreach (var packet in feedback)
        {
            Assert.False(packet.Received);
            count++;
        }

        Assert.Equal(65535, count);
    }
}
