using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.Media.Tests.Rtcp;

public class AllocationTests
{
    // A field, not an inline collection expression: the test's own literal would allocate per call.
    private static readonly ushort[] Lost = [1, 2, 5, 40];

    [Fact]
    public void RtcpParseAndWrite_AfterWarmUp_AllocatesNothing()
    {
        byte[] compound = [.. RtcpVectors.SenderReport, .. RtcpVectors.Sdes, .. RtcpVectors.Nack, .. RtcpVectors.Remb,
            .. RtcpVectors.TransportCc, .. RtcpVectors.Pli, .. RtcpVectors.Fir, .. RtcpVectors.ByeWithReason];
        var scratch = new byte[1500];
        var arrivals = new long[300]; // over the stack threshold: exercises the pooled path
        for (var i = 0; i < arrivals.Length; i++)
        {
            arrivals[i] = i % 7 == 0 ? -1 : 1_000_000 + (i * 1000);
        }

        var sum = Work(compound, scratch, arrivals);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++)
        {
            sum += Work(compound, scratch, arrivals);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, sum);
    }

    private static long Work(byte[] compound, byte[] scratch, long[] arrivals)
    {
        long sum = 0;
        Span<ushort> lost = stackalloc ushort[64];
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryNext(out var header, out var packet))
        {
            switch (header.PacketType)
            {
                case RtcpPacketType.SR when SenderReport.TryParse(packet, out var sr):
                    sum += sr.GetReportBlock(0).CumulativeLost;
                    break;
                case RtcpPacketType.SDES when Sdes.TryParse(packet, out var sdes):
                    foreach (var chunk in sdes)
                    {
                        sum += chunk.Cname.Length;
                    }

                    break;
                case RtcpPacketType.BYE when Bye.TryParse(packet, out var bye):
                    sum += bye.SsrcCount;
                    break;
                case RtcpPacketType.RTPFB when GenericNack.TryParse(packet, out var nack):
                    sum += nack.CopyLostSequenceNumbers(lost);
                    break;
                case RtcpPacketType.RTPFB when TransportCc.TryParse(packet, out var cc):
                    foreach (var p in cc)
                    {
                        sum += p.DeltaTicks;
                    }

                    break;
                case RtcpPacketType.PSFB when Pli.TryParse(packet, out var pli):
                    sum += pli.MediaSsrc;
                    break;
                case RtcpPacketType.PSFB when Fir.TryParse(packet, out var fir):
                    sum += fir.GetEntry(0).SequenceNumber;
                    break;
                case RtcpPacketType.PSFB when Remb.TryParse(packet, out var remb):
                    sum += (long)remb.Bitrate;
                    break;
            }
        }

        GenericNack.TryWrite(scratch, 1, 2, Lost, out var written);
        sum += written;
        ReceiverReport.TryWrite(scratch, 1, [new ReportBlock(1, 2, 3, 4, 5, 6, 7)], out written);
        sum += written;
        TransportCc.TryWriteFromArrivals(scratch, 1, 2, 0, 0, arrivals, out written);
        return sum + written;
    }
}
