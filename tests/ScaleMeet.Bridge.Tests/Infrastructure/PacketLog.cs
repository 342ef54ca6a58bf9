using System.Diagnostics;
using ScaleMeet.Media.Rtcp;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.Bridge.Tests.Infrastructure;

/// <summary>One received packet, copied, with its arrival time (Stopwatch ticks).</summary>
internal sealed record LoggedPacket(byte[] Data, long ReceivedAt)
{
    public RtpHeader Rtp => RtpHeader.TryParse(Data, out var h) ? h : throw new InvalidOperationException("not RTP");
}

/// <summary>Collects packets handed over by a synthetic transport's receive thread. Thread-safe.</summary>
internal sealed class PacketLog
{
    private readonly object _gate = new();
    private readonly List<LoggedPacket> _packets = [];

    public void Add(ReadOnlySpan<byte> packet)
    {
        var copy = new LoggedPacket(packet.ToArray(), Stopwatch.GetTimestamp());
        lock (_gate)
        {
            _packets.Add(copy);
        }
    }

    public IReadOnlyList<LoggedPacket> Snapshot()
    {
        lock (_gate)
        {
            return _packets.ToArray();
        }
    }

    /// <summary>RTP packets of <paramref name="ssrc"/>, in arrival order.</summary>
    public IReadOnlyList<LoggedPacket> RtpOf(uint ssrc) =>
        Snapshot().Where(p => RtpHeader.TryParse(p.Data, out var h) && h.Ssrc == ssrc).ToArray();

    /// <summary>Every RTCP packet of type <paramref name="packetType"/> (and feedback format, when given) inside the logged compounds.</summary>
    public IReadOnlyList<(byte[] Packet, long ReceivedAt)> RtcpOf(byte packetType, int? format = null)
    {
        var found = new List<(byte[], long)>();
        foreach (var compound in Snapshot())
        {
            var reader = new RtcpCompoundReader(compound.Data);
            while (reader.TryNext(out var header, out var packet))
            {
                if (header.PacketType == packetType && (format is null || header.Count == format))
                {
                    found.Add((packet.ToArray(), compound.ReceivedAt));
                }
            }
        }

        return found;
    }

    /// <summary>PLIs naming <paramref name="mediaSsrc"/>.</summary>
    public IReadOnlyList<long> PliTimes(uint mediaSsrc) =>
        RtcpOf(RtcpPacketType.PSFB, Pli.Format).Where(p => Pli.TryParse(p.Packet, out var pli) && pli.MediaSsrc == mediaSsrc)
            .Select(p => p.ReceivedAt).ToArray();
}
