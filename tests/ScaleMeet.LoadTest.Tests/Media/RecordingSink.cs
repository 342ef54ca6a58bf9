using ScaleMeet.LoadTest.SyntheticMedia;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.LoadTest.Tests.SyntheticMedia;

/// <summary>Keeps a copy of every packet, with its parsed header.</summary>
internal sealed class RecordingSink : IRtpSink
{
    public List<(byte[] Packet, RtpHeader Header)> Packets { get; } = [];

    public bool SendRtp(ReadOnlySpan<byte> packet)
    {
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Packets.Add((packet.ToArray(), header));
        return true;
    }

    public List<(byte[] Packet, RtpHeader Header)> Of(uint ssrc) => Packets.Where(p => p.Header.Ssrc == ssrc).ToList();
}

/// <summary>Counts packets and bytes without keeping them (for the allocation test).</summary>
internal sealed class CountingSink : IRtpSink
{
    public long Packets { get; private set; }

    public long Bytes { get; private set; }

    public bool SendRtp(ReadOnlySpan<byte> packet)
    {
        Packets++;
        Bytes += packet.Length;
        return true;
    }
}
