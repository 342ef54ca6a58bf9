using ScaleMeet.Media.Rtcp;
using ScaleMeet.Media.Tests.Rtcp;

namespace ScaleMeet.Fuzz.Targets;

/// <summary>
/// RTCP as the bridge reads a decrypted compound packet: <see cref="RtcpCompoundReader"/>, then every packet by type
/// and format the way MediaRouter.Rtcp dispatches it (SR, RR, SDES, BYE, PLI, FIR, REMB, generic NACK with the
/// router's 136-entry buffer, transport-cc enumerated in full). Each parsed packet is written again with its writer
/// and parsed back; every field (transport-cc: every status and delta) must agree.
/// </summary>
internal sealed class RtcpTarget : IFuzzTarget
{
    private readonly byte[] _rewritten = new byte[300_000];
    private readonly ReportBlock[] _blocks = new ReportBlock[31];
    private readonly uint[] _ssrcs = new uint[255];
    private readonly FirEntry[] _firEntries = new FirEntry[16_384];
    private readonly NackItem[] _nackItems = new NackItem[16_384];
    private readonly TransportCcPacket[] _packets = new TransportCcPacket[ushort.MaxValue];
    private readonly TransportCcPacket[] _packetsAgain = new TransportCcPacket[ushort.MaxValue];

    public string Name => "rtcp";

    public string Description => "compound RTCP: SR, RR, SDES, BYE, PLI, FIR, REMB, NACK, transport-cc (RFC 3550, 4585, 5104, 8888)";

    public IEnumerable<KeyValuePair<string, byte[]>> Seeds =>
    [
        new("sr", RtcpVectors.SenderReport),
        new("rr", RtcpVectors.ReceiverReport),
        new("rr-empty", RtcpVectors.EmptyReceiverReport),
        new("sdes", RtcpVectors.Sdes),
        new("sdes-other-items", RtcpVectors.SdesWithOtherItems),
        new("bye-reason", RtcpVectors.ByeWithReason),
        new("bye-two", RtcpVectors.ByeTwoSources),
        new("pli", RtcpVectors.Pli),
        new("fir", RtcpVectors.Fir),
        new("nack", RtcpVectors.Nack),
        new("remb", RtcpVectors.Remb),
        new("transport-cc", RtcpVectors.TransportCc),
        new("transport-cc-run", RtcpVectors.TransportCcRun),
        new("compound-sr-sdes", [.. RtcpVectors.SenderReport, .. RtcpVectors.Sdes]),
        new("compound-rr-remb-nack-pli", [.. RtcpVectors.EmptyReceiverReport, .. RtcpVectors.Remb, .. RtcpVectors.Nack, .. RtcpVectors.Pli]),
    ];

    public void Run(ReadOnlySpan<byte> input)
    {
        Rtcp.IsRtcp(input);
        var reader = new RtcpCompoundReader(input);
        while (reader.TryNext(out RtcpHeader header, out ReadOnlySpan<byte> packet))
        {
            FuzzInvariantException.Equal(header.TotalLength, packet.Length, "packet length");
            switch (header.PacketType)
            {
                case RtcpPacketType.SR:
                    SenderReports(packet);
                    break;
                case RtcpPacketType.RR:
                    ReceiverReports(packet);
                    break;
                case RtcpPacketType.SDES:
                    SourceDescriptions(packet);
                    break;
                case RtcpPacketType.BYE:
                    Goodbyes(packet);
                    break;
                case RtcpPacketType.PSFB when header.Count == Pli.Format:
                    PictureLoss(packet);
                    break;
                case RtcpPacketType.PSFB when header.Count == Fir.Format:
                    FullIntraRequests(packet);
                    break;
                case RtcpPacketType.PSFB when header.Count == Remb.Format:
                    EstimatedBitrates(packet);
                    break;
                case RtcpPacketType.RTPFB when header.Count == GenericNack.Format:
                    Nacks(packet);
                    break;
                case RtcpPacketType.RTPFB when header.Count == TransportCc.Format:
                    TransportFeedback(packet);
                    break;
            }
        }
    }

    private ReadOnlySpan<byte> Written(bool ok, int written, string what)
    {
        FuzzInvariantException.Check(ok, $"a parsed {what} could not be written back");
        return _rewritten.AsSpan(0, written);
    }

    private void SenderReports(ReadOnlySpan<byte> packet)
    {
        if (!SenderReport.TryParse(packet, out SenderReport report))
        {
            return;
        }

        Span<ReportBlock> blocks = _blocks.AsSpan(0, report.ReportCount);
        for (int i = 0; i < blocks.Length; i++)
        {
            blocks[i] = report.GetReportBlock(i);
        }

        var again = Written(SenderReport.TryWrite(_rewritten, report.Ssrc, report.NtpTimestamp, report.RtpTimestamp, report.PacketCount,
            report.OctetCount, blocks, out int written), written, "SR");
        FuzzInvariantException.Check(SenderReport.TryParse(again, out SenderReport reread), "the rewritten SR does not parse");
        FuzzInvariantException.Equal(report.Ssrc, reread.Ssrc, "SR SSRC");
        FuzzInvariantException.Equal(report.NtpTimestamp, reread.NtpTimestamp, "SR NTP timestamp");
        FuzzInvariantException.Equal(report.RtpTimestamp, reread.RtpTimestamp, "SR RTP timestamp");
        FuzzInvariantException.Equal(report.PacketCount, reread.PacketCount, "SR packet count");
        FuzzInvariantException.Equal(report.OctetCount, reread.OctetCount, "SR octet count");
        FuzzInvariantException.Equal(blocks.Length, reread.ReportCount, "SR report block count");
        for (int i = 0; i < blocks.Length; i++)
        {
            CompareBlock(blocks[i], reread.GetReportBlock(i), i);
        }
    }

    private void ReceiverReports(ReadOnlySpan<byte> packet)
    {
        if (!ReceiverReport.TryParse(packet, out ReceiverReport report))
        {
            return;
        }

        Span<ReportBlock> blocks = _blocks.AsSpan(0, report.ReportCount);
        for (int i = 0; i < blocks.Length; i++)
        {
            blocks[i] = report.GetReportBlock(i);
        }

        var again = Written(ReceiverReport.TryWrite(_rewritten, report.Ssrc, blocks, out int written), written, "RR");
        FuzzInvariantException.Check(ReceiverReport.TryParse(again, out ReceiverReport reread), "the rewritten RR does not parse");
        FuzzInvariantException.Equal(report.Ssrc, reread.Ssrc, "RR SSRC");
        FuzzInvariantException.Equal(blocks.Length, reread.ReportCount, "RR report block count");
        for (int i = 0; i < blocks.Length; i++)
        {
            CompareBlock(blocks[i], reread.GetReportBlock(i), i);
        }
    }

    private static void CompareBlock(ReportBlock a, ReportBlock b, int index) =>
        FuzzInvariantException.Equal((a.Ssrc, a.FractionLost, a.CumulativeLost, a.ExtendedHighestSequenceNumber, a.Jitter, a.LastSenderReport,
            a.DelaySinceLastSenderReport), (b.Ssrc, b.FractionLost, b.CumulativeLost, b.ExtendedHighestSequenceNumber, b.Jitter,
            b.LastSenderReport, b.DelaySinceLastSenderReport), $"report block {index}");

    private void SourceDescriptions(ReadOnlySpan<byte> packet)
    {
        if (!Sdes.TryParse(packet, out Sdes sdes))
        {
            return;
        }

        // The writer knows CNAME chunks only: write those back and expect the same SSRCs and CNAMEs.
        var writer = new SdesWriter(_rewritten);
        int chunks = 0;
        foreach (SdesChunk chunk in sdes)
        {
            foreach (SdesChunk.Item item in chunk.EnumerateItems())
            {
                _ = item.Type;
            }

            if (!chunk.Cname.IsEmpty)
            {
                FuzzInvariantException.Check(writer.TryAddChunk(chunk.Ssrc, chunk.Cname), "a parsed CNAME chunk could not be written back");
                chunks++;
            }
        }

        if (chunks == 0)
        {
            return;
        }

        ReadOnlySpan<byte> again = _rewritten.AsSpan(0, writer.Finish());
        FuzzInvariantException.Check(Sdes.TryParse(again, out Sdes reread), "the rewritten SDES does not parse");
        FuzzInvariantException.Equal(chunks, reread.ChunkCount, "SDES chunk count");
        Sdes.ChunkEnumerator after = reread.GetEnumerator();
        foreach (SdesChunk chunk in sdes)
        {
            if (chunk.Cname.IsEmpty)
            {
                continue;
            }

            FuzzInvariantException.Check(after.MoveNext(), "an SDES chunk was lost");
            FuzzInvariantException.Equal(chunk.Ssrc, after.Current.Ssrc, "SDES SSRC");
            FuzzInvariantException.Equal(chunk.Cname, after.Current.Cname, "CNAME");
        }
    }

    private void Goodbyes(ReadOnlySpan<byte> packet)
    {
        if (!Bye.TryParse(packet, out Bye bye))
        {
            return;
        }

        Span<uint> ssrcs = _ssrcs.AsSpan(0, bye.SsrcCount);
        for (int i = 0; i < ssrcs.Length; i++)
        {
            ssrcs[i] = bye.GetSsrc(i);
        }

        var again = Written(Bye.TryWrite(_rewritten, ssrcs, bye.Reason, out int written), written, "BYE");
        FuzzInvariantException.Check(Bye.TryParse(again, out Bye reread), "the rewritten BYE does not parse");
        FuzzInvariantException.Equal(bye.SsrcCount, reread.SsrcCount, "BYE SSRC count");
        for (int i = 0; i < ssrcs.Length; i++)
        {
            FuzzInvariantException.Equal(ssrcs[i], reread.GetSsrc(i), $"BYE SSRC {i}");
        }

        FuzzInvariantException.Equal(bye.Reason, reread.Reason, "BYE reason");
    }

    private void PictureLoss(ReadOnlySpan<byte> packet)
    {
        if (!Pli.TryParse(packet, out Pli pli))
        {
            return;
        }

        var again = Written(pli.TryWrite(_rewritten, out int written), written, "PLI");
        FuzzInvariantException.Check(Pli.TryParse(again, out Pli reread), "the rewritten PLI does not parse");
        FuzzInvariantException.Equal((pli.SenderSsrc, pli.MediaSsrc), (reread.SenderSsrc, reread.MediaSsrc), "PLI SSRCs");
    }

    private void FullIntraRequests(ReadOnlySpan<byte> packet)
    {
        if (!Fir.TryParse(packet, out Fir fir))
        {
            return;
        }

        Span<FirEntry> entries = _firEntries.AsSpan(0, fir.EntryCount);
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i] = fir.GetEntry(i);
        }

        var again = Written(Fir.TryWrite(_rewritten, fir.SenderSsrc, fir.MediaSsrc, entries, out int written), written, "FIR");
        FuzzInvariantException.Check(Fir.TryParse(again, out Fir reread), "the rewritten FIR does not parse");
        FuzzInvariantException.Equal((fir.SenderSsrc, fir.MediaSsrc, fir.EntryCount), (reread.SenderSsrc, reread.MediaSsrc, reread.EntryCount), "FIR header");
        for (int i = 0; i < entries.Length; i++)
        {
            FuzzInvariantException.Equal((entries[i].Ssrc, entries[i].SequenceNumber), (reread.GetEntry(i).Ssrc, reread.GetEntry(i).SequenceNumber), $"FIR entry {i}");
        }
    }

    private void EstimatedBitrates(ReadOnlySpan<byte> packet)
    {
        if (!Remb.TryParse(packet, out Remb remb))
        {
            return;
        }

        Span<uint> ssrcs = _ssrcs.AsSpan(0, remb.SsrcCount);
        for (int i = 0; i < ssrcs.Length; i++)
        {
            ssrcs[i] = remb.GetSsrc(i);
        }

        var again = Written(Remb.TryWrite(_rewritten, remb.SenderSsrc, remb.Bitrate, ssrcs, out int written), written, "REMB");
        FuzzInvariantException.Check(Remb.TryParse(again, out Remb reread), "the rewritten REMB does not parse");
        FuzzInvariantException.Equal((remb.SenderSsrc, remb.Bitrate, remb.SsrcCount), (reread.SenderSsrc, reread.Bitrate, reread.SsrcCount), "REMB");
        for (int i = 0; i < ssrcs.Length; i++)
        {
            FuzzInvariantException.Equal(ssrcs[i], reread.GetSsrc(i), $"REMB SSRC {i}");
        }
    }

    private void Nacks(ReadOnlySpan<byte> packet)
    {
        if (!GenericNack.TryParse(packet, out GenericNack nack))
        {
            return;
        }

        Span<ushort> lost = stackalloc ushort[17 * 8]; // what MediaRouter.Rtcp passes
        int count = nack.CopyLostSequenceNumbers(lost);
        FuzzInvariantException.Equal(Math.Min(nack.LostCount, lost.Length), count, "lost sequence numbers copied");
        Span<NackItem> items = _nackItems.AsSpan(0, nack.ItemCount);
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = nack.GetItem(i);
        }

        var again = Written(GenericNack.TryWrite(_rewritten, nack.SenderSsrc, nack.MediaSsrc, items, out int written), written, "NACK");
        FuzzInvariantException.Check(GenericNack.TryParse(again, out GenericNack reread), "the rewritten NACK does not parse");
        FuzzInvariantException.Equal((nack.SenderSsrc, nack.MediaSsrc, nack.ItemCount), (reread.SenderSsrc, reread.MediaSsrc, reread.ItemCount), "NACK header");
        for (int i = 0; i < items.Length; i++)
        {
            FuzzInvariantException.Equal((items[i].PacketId, items[i].LostBitmask), (reread.GetItem(i).PacketId, reread.GetItem(i).LostBitmask), $"NACK item {i}");
        }
    }

    private void TransportFeedback(ReadOnlySpan<byte> packet)
    {
        if (!TransportCc.TryParse(packet, out TransportCc feedback))
        {
            return;
        }

        int count = feedback.CopyTo(_packets);
        FuzzInvariantException.Equal(feedback.PacketStatusCount, count, "transport-cc packets enumerated");
        int received = 0;
        foreach (TransportCcPacket p in _packets.AsSpan(0, count))
        {
            received += p.Received ? 1 : 0;
        }

        FuzzInvariantException.Equal(feedback.ReceivedCount, received, "transport-cc received count");
        var again = Written(TransportCc.TryWrite(_rewritten, feedback.SenderSsrc, feedback.MediaSsrc, feedback.BaseSequenceNumber,
            feedback.ReferenceTime, feedback.FeedbackPacketCount, _packets.AsSpan(0, count), out int written), written, "transport-cc");
        FuzzInvariantException.Check(TransportCc.TryParse(again, out TransportCc reread), "the rewritten transport-cc does not parse");
        FuzzInvariantException.Equal((feedback.SenderSsrc, feedback.MediaSsrc, feedback.BaseSequenceNumber, feedback.PacketStatusCount,
            feedback.ReferenceTime, feedback.FeedbackPacketCount, feedback.ReceivedCount), (reread.SenderSsrc, reread.MediaSsrc,
            reread.BaseSequenceNumber, reread.PacketStatusCount, reread.ReferenceTime, reread.FeedbackPacketCount, reread.ReceivedCount),
            "transport-cc header");
        FuzzInvariantException.Equal(count, reread.CopyTo(_packetsAgain), "transport-cc packets after the round trip");
        for (int i = 0; i < count; i++)
        {
            TransportCcPacket a = _packets[i], b = _packetsAgain[i];
            FuzzInvariantException.Equal((a.SequenceNumber, a.Status, a.DeltaTicks, a.ArrivalTimeMicroseconds),
                (b.SequenceNumber, b.Status, b.DeltaTicks, b.ArrivalTimeMicroseconds), $"transport-cc packet {i}");
        }
    }
}
