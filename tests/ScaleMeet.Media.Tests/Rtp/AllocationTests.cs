using ScaleMeet.Media.Codecs;
using ScaleMeet.Media.Rtp;
using ScaleMeet.Media.Tests.Codecs;

namespace ScaleMeet.Media.Tests.Rtp;

public class AllocationTests
{
    [Fact]
    public void RtpAndVp8HotPath_AfterWarmUp_AllocatesNothing()
    {
        var packet = (byte[])RtpHeaderTests.OneByteVector.Clone();
        var vp8 = (byte[])Vp8PayloadDescriptorTests.ChromeInterFrame.Clone();
        var header = new byte[64];
        var sum = Work(packet, vp8, header); // warm up (JIT, statics)
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            sum += Work(packet, vp8, header);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, sum);
    }

    private static long Work(byte[] packet, byte[] vp8, byte[] header)
    {
        long sum = 0;
        if (RtpHeader.TryParse(packet, out var h) && h.TryGetExtension(packet, 2, out var value))
        {
            sum += value.Length + h.PayloadLength;
            foreach (var element in h.EnumerateExtensions(packet))
            {
                sum += element.Id;
            }
        }

        RtpPacket.SetSequenceNumber(packet, (ushort)(h.SequenceNumber + 1));
        RtpPacket.SetSsrc(packet, h.Ssrc);
        var writer = new RtpHeaderWriter(header);
        writer.WriteFixedHeader(true, 96, 1, 2, 3);
        writer.AddExtension(1, [1, 2, 3]);
        sum += writer.Finish();

        if (Vp8PayloadDescriptor.TryParse(vp8, out var d))
        {
            d.TryRewritePictureId(vp8, (ushort)(d.PictureId + 1));
            sum += d.Length + (Vp8PayloadDescriptor.IsKeyFrame(vp8) ? 1 : 0);
        }

        return sum;
    }
}
