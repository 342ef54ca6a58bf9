using System.Buffers.Binary;
using ScaleMeet.LoadTest.Measurement;
using ScaleMeet.Media.Rtcp;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.LoadTest.Tests.Measurement;

public sealed class TransportFeedbackRecorderTests
{
    private const byte ExtensionId = 3;

    private static byte[] Packet(ushort transportSequence)
    {
        var buffer = new byte[64];
        var writer = new RtpHeaderWriter(buffer);
        writer.WriteFixedHeader(false, 96, 1, 0, 0x99);
        Span<byte> value = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(value, transportSequence);
        writer.AddExtension(ExtensionId, value.ToArray());
        var length = writer.Finish();
        return buffer[..length];
    }

    [Fact]
    public void Feedback_ReportsArrivalsAndLosses_ThenNothingUntilNewPackets()
    {
        var recorder = new TransportFeedbackRecorder { ExtensionId = ExtensionId };
        // 65534, 65535, (0 lost), 1 — across the wrap, 10 ms apart.
        recorder.OnRtpAt(Packet(65534), 1000);
        recorder.OnRtpAt(Packet(65535), 1010);
        recorder.OnRtpAt(Packet(1), 1030);
        var buffer = new byte[1500];

        Assert.True(recorder.WriteFeedback(buffer, 7, 9, out var written));
        Assert.True(TransportCc.TryParse(buffer.AsSpan(0, written), out var feedback));
        Assert.Equal(65534, feedback.BaseSequenceNumber);
        Assert.Equal(4, feedback.PacketStatusCount);
        Assert.False(recorder.WriteFeedback(buffer, 7, 9, out _));

        recorder.OnRtpAt(Packet(2), 1040);
        Assert.True(recorder.WriteFeedback(buffer, 7, 9, out written));
        Assert.True(TransportCc.TryParse(buffer.AsSpan(0, written), out feedback));
        Assert.Equal(2, feedback.BaseSequenceNumber);
        Assert.Equal(1, feedback.PacketStatusCount);
        Assert.Equal(2, recorder.MessagesWritten);
    }

    [Fact]
    public void Feedback_ManyPackets_SplitIntoMessagesUnderTheMtu()
    {
        var recorder = new TransportFeedbackRecorder { ExtensionId = ExtensionId };
        for (var i = 0; i < 600; i++)
        {
            recorder.OnRtpAt(Packet((ushort)i), i * 0.5);
        }

        var buffer = new byte[1500];
        var covered = 0;
        var messages = 0;
        while (recorder.WriteFeedback(buffer, 7, 9, out var written))
        {
            Assert.InRange(written, 20, 1200);
            Assert.True(TransportCc.TryParse(buffer.AsSpan(0, written), out var feedback));
            Assert.Equal(covered, feedback.BaseSequenceNumber);
            covered += feedback.PacketStatusCount;
            messages++;
        }

        Assert.Equal(600, covered);
        Assert.Equal(3, messages);
    }

    [Fact]
    public void Packets_WithoutTheNegotiatedExtension_AreIgnored()
    {
        var recorder = new TransportFeedbackRecorder();
        recorder.OnRtpAt(Packet(5), 0);
        Assert.False(recorder.WriteFeedback(new byte[1500], 1, 2, out _));

        recorder.ExtensionId = 4; // a different id than the packets carry
        recorder.OnRtpAt(Packet(6), 0);
        Assert.False(recorder.WriteFeedback(new byte[1500], 1, 2, out _));
    }
}
