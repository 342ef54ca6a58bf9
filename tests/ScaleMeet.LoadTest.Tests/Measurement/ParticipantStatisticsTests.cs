using System.Diagnostics;
using ScaleMeet.LoadTest.Measurement;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.Media.Rtcp;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.LoadTest.Tests.Measurement;

public sealed class ParticipantStatisticsTests
{
    private static byte[] Rtp(uint ssrc, ushort sequence, byte payloadType, bool marker)
    {
        var buffer = new byte[200];
        var writer = new RtpHeaderWriter(buffer);
        writer.WriteFixedHeader(marker, payloadType, sequence, sequence * 3000u, ssrc);
        writer.Finish();
        return buffer;
    }

    [Fact]
    public void ReceiverReport_AfterServerSenderReport_EchoesItsNtpAndTheDelay()
    {
        var stats = new ParticipantStatistics(Stopwatch.GetTimestamp());
        stats.OnSubscribeRtp(Rtp(0xAABB, 1, SyntheticSdp.Vp8PayloadType, marker: true));
        stats.OnSubscribeRtp(Rtp(0xAABB, 3, SyntheticSdp.Vp8PayloadType, marker: true)); // 2 lost
        var sr = new byte[64];
        Assert.True(SenderReport.TryWrite(sr, 0xAABB, 0x0000_1234_5678_0000UL, 0, 2, 400, default, out var srLength));
        stats.OnSubscribeRtcp(sr.AsSpan(0, srLength));
        Thread.Sleep(20);

        var rr = new byte[256];
        var length = stats.WriteReceiverReport(rr, 0x77);

        Assert.True(ReceiverReport.TryParse(rr.AsSpan(0, length), out var report));
        Assert.Equal(0x77u, report.Ssrc);
        Assert.Equal(1, report.ReportCount);
        var block = report.GetReportBlock(0);
        Assert.Equal(0xAABBu, block.Ssrc);
        Assert.Equal(0x1234_5678u, block.LastSenderReport);
        Assert.InRange(block.DelaySinceLastSenderReport / 65.536, 15, 5000); // ≥ the 20 ms slept, in 1/65536 s
        Assert.Equal(1, block.CumulativeLost);
        Assert.Equal(3u, block.ExtendedHighestSequenceNumber);
    }

    [Fact]
    public void Snapshot_CountsVideoAndAudioStreamsAndIgnoresOtherPayloadTypesButTheirBytes()
    {
        var stats = new ParticipantStatistics(Stopwatch.GetTimestamp());
        stats.OnSubscribeRtp(Rtp(1, 1, SyntheticSdp.Vp8PayloadType, marker: true));
        stats.OnSubscribeRtp(Rtp(2, 1, SyntheticSdp.OpusPayloadType, marker: false));
        stats.OnSubscribeRtp(Rtp(3, 1, SyntheticSdp.RtxPayloadType, marker: false)); // padding / retransmission

        var snapshot = stats.Snapshot();

        Assert.Equal(1, snapshot.VideoStreams);
        Assert.Equal(1, snapshot.AudioStreams);
        Assert.Equal(2, snapshot.Packets);
        Assert.Equal(600, snapshot.BytesReceived);
        Assert.Equal(1, snapshot.Frames);
        Assert.NotNull(stats.FirstFrameAtMs);
    }

    [Fact]
    public void PublishRtcp_PliAndFir_AreKeyframeRequestsForTheirMediaSsrc()
    {
        var stats = new ParticipantStatistics(Stopwatch.GetTimestamp());
        var requested = new List<uint>();
        stats.KeyframeRequested = requested.Add;
        var compound = new byte[64];
        Assert.True(new Pli(9, 0x1111).TryWrite(compound, out var pliLength));
        Assert.True(Fir.TryWrite(compound.AsSpan(pliLength), 9, 0, [new FirEntry(0x2222, 1)], out var firLength));

        stats.OnPublishRtcp(compound.AsSpan(0, pliLength + firLength));

        Assert.Equal([0x1111u, 0x2222u], requested);
        Assert.Equal(2, stats.KeyframeRequests);
    }

    [Fact]
    public void EndStreams_TrackLeftTheOffer_NoLongerReportedOn()
    {
        var stats = new ParticipantStatistics(Stopwatch.GetTimestamp());
        stats.OnSubscribeRtp(Rtp(0xA1, 1, SyntheticSdp.Vp8PayloadType, marker: true));
        stats.OnSubscribeRtp(Rtp(0xB2, 1, SyntheticSdp.Vp8PayloadType, marker: true));

        stats.EndStreams([0xA1, 0xC3]);

        var rr = new byte[256];
        Assert.True(ReceiverReport.TryParse(rr.AsSpan(0, stats.WriteReceiverReport(rr, 0x77)), out var report));
        Assert.Equal(1, report.ReportCount);
        Assert.Equal(0xB2u, report.GetReportBlock(0).Ssrc);
        Assert.Equal(2, stats.Snapshot().Frames);
    }
}
