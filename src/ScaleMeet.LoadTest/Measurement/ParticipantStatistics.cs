using System.Diagnostics;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.Media.Rtcp;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.LoadTest.Measurement;

/// <summary>
/// Everything one synthetic participant measures about what it receives: per-stream statistics
/// (<see cref="ReceivedStream"/>), bytes, transport-cc arrivals for feedback, and RTT from the server's reports on what
/// it sends. Audio and video are told apart by payload type (Opus and VP8 as the synthetic offers name them); other
/// payload types (RTX retransmissions and probing padding) count as received bytes only.
/// <para>Threading: the <c>On…</c> methods run on transport receive threads, <see cref="Snapshot"/> on the sampler; one lock.</para>
/// </summary>
public sealed class ParticipantStatistics
{
    private readonly object _lock = new();
    private readonly Dictionary<uint, ReceivedStream> _streams = [];
    private readonly Dictionary<uint, (uint CompactNtp, double AtMs)> _lastSenderReports = [];
    private readonly long _origin;
    private long _bytesReceived;
    private long _bytesSent;
    private double _firstFrameAtMs = -1;

    /// <param name="origin">The <see cref="Stopwatch"/> timestamp times are measured from (the run's start).</param>
    public ParticipantStatistics(long origin)
    {
        _origin = origin;
    }

    public RoundTripTimes RoundTrips { get; } = new();

    /// <summary>Keyframe requests (PLI, FIR) the server sent about our video, counted.</summary>
    public int KeyframeRequests => Volatile.Read(ref _keyframeRequests);

    private int _keyframeRequests;

    /// <summary>Called with the media SSRC of every keyframe request the server sends on the publish transport.</summary>
    public Action<uint>? KeyframeRequested { get; set; }

    /// <summary>Time of the first complete remote video frame since the run's origin, ms; null before.</summary>
    public double? FirstFrameAtMs
    {
        get
        {
            lock (_lock)
            {
                return _firstFrameAtMs < 0 ? null : _firstFrameAtMs;
            }
        }
    }

    /// <summary>Milliseconds since the run's origin.</summary>
    public double NowMs() => Stopwatch.GetElapsedTime(_origin).TotalMilliseconds;

    /// <summary>RTP from a subscribe transport (unprotected).</summary>
    public void OnSubscribeRtp(ReadOnlySpan<byte> packet)
    {
        if (!RtpHeader.TryParse(packet, out var header))
        {
            return;
        }

        var nowMs = NowMs();
        var kind = header.PayloadType switch
        {
            SyntheticSdp.Vp8PayloadType => StreamKind.Video,
            SyntheticSdp.OpusPayloadType => StreamKind.Audio,
            _ => (StreamKind?)null,
        };
        lock (_lock)
        {
            _bytesReceived += packet.Length;
            if (kind is not { } k)
            {
                return;
            }

            if (!_streams.TryGetValue(header.Ssrc, out var stream))
            {
                stream = new ReceivedStream(header.Ssrc, k, k == StreamKind.Video ? 90000 : 48000);
                _streams.Add(header.Ssrc, stream);
            }

            stream.OnPacket(header, packet.Length, nowMs);
            if (_firstFrameAtMs < 0 && k == StreamKind.Video && stream.Frames > 0)
            {
                _firstFrameAtMs = nowMs;
            }
        }
    }

    /// <summary>
    /// RTCP from a subscribe transport: the server's sender reports about the streams we receive, remembered so our
    /// receiver reports echo them (LSR/DLSR) and the server can measure its round-trip time to us.
    /// </summary>
    public void OnSubscribeRtcp(ReadOnlySpan<byte> compound)
    {
        var nowMs = NowMs();
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryNext(out var header, out var packet))
        {
            if (header.PacketType == RtcpPacketType.SR && SenderReport.TryParse(packet, out var sr))
            {
                lock (_lock)
                {
                    _lastSenderReports[sr.Ssrc] = (sr.CompactNtp, nowMs);
                }
            }
        }
    }

    /// <summary>RTCP from the publish transport: report blocks about our streams (RTT) and keyframe requests.</summary>
    public void OnPublishRtcp(ReadOnlySpan<byte> compound)
    {
        var now = NtpClock.NowCompact();
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryNext(out var header, out var packet))
        {
            switch (header.PacketType)
            {
                case RtcpPacketType.RR when ReceiverReport.TryParse(packet, out var rr):
                    for (var i = 0; i < rr.ReportCount; i++)
                    {
                        RoundTrips.OnReportBlock(rr.GetReportBlock(i), now);
                    }

                    break;
                case RtcpPacketType.SR when SenderReport.TryParse(packet, out var sr):
                    for (var i = 0; i < sr.ReportCount; i++)
                    {
                        RoundTrips.OnReportBlock(sr.GetReportBlock(i), now);
                    }

                    break;
                case RtcpPacketType.PSFB when header.Count == Pli.Format && Pli.TryParse(packet, out var pli):
                    OnKeyframeRequest(pli.MediaSsrc);
                    break;
                case RtcpPacketType.PSFB when header.Count == Fir.Format && Fir.TryParse(packet, out var fir):
                    for (var i = 0; i < fir.EntryCount; i++)
                    {
                        OnKeyframeRequest(fir.GetEntry(i).Ssrc);
                    }

                    break;
            }
        }
    }

    /// <summary>Accounts bytes this participant sent (RTP and RTCP, before SRTP).</summary>
    public void OnSent(int bytes) => Interlocked.Add(ref _bytesSent, bytes);

    /// <summary>
    /// Writes a receiver report (RFC 3550 §6.4.2) about up to 31 received streams into <paramref name="destination"/>;
    /// 0 when nothing was received yet.
    /// </summary>
    public int WriteReceiverReport(Span<byte> destination, uint ssrc)
    {
        Span<ReportBlock> blocks = stackalloc ReportBlock[31];
        var count = 0;
        var nowMs = NowMs();
        lock (_lock)
        {
            foreach (var stream in _streams.Values)
            {
                if (count == blocks.Length)
                {
                    break;
                }

                if (stream.Ended)
                {
                    continue;
                }

                var lost = (int)Math.Min(stream.Lost, ReportBlock.MaxCumulativeLost);
                var highest = (uint)(stream.Expected & 0xFFFFFFFF);
                var jitter = (uint)(stream.JitterMs * (stream.Kind == StreamKind.Video ? 90 : 48));
                var (lsr, dlsr) = _lastSenderReports.TryGetValue(stream.Ssrc, out var report)
                    ? (report.CompactNtp, (uint)Math.Min(uint.MaxValue, (nowMs - report.AtMs) * 65.536))
                    : (0u, 0u);
                blocks[count++] = new ReportBlock(stream.Ssrc, 0, lost, highest, jitter, lsr, dlsr);
            }
        }

        return count > 0 && ReceiverReport.TryWrite(destination, ssrc, blocks[..count], out var written) ? written : 0;
    }

    /// <summary>
    /// The streams of <paramref name="ssrcs"/> ended: the server's latest offer dropped their tracks (a recycled section
    /// carries a new SSRC). Their counts stay; they are no longer reported on, nor counted as frozen.
    /// </summary>
    public void EndStreams(IEnumerable<uint> ssrcs)
    {
        lock (_lock)
        {
            foreach (var ssrc in ssrcs)
            {
                if (_streams.TryGetValue(ssrc, out var stream))
                {
                    stream.End();
                }
            }
        }
    }

    /// <summary>A consistent copy of the counters at <see cref="NowMs"/>.</summary>
    public StatisticsSnapshot Snapshot()
    {
        var nowMs = NowMs();
        lock (_lock)
        {
            long packets = 0, expected = 0, frames = 0;
            int freezes = 0, videoStreams = 0, audioStreams = 0, jitterCount = 0;
            double jitterSum = 0;
            foreach (var stream in _streams.Values)
            {
                packets += stream.Packets;
                expected += stream.Expected;
                if (stream.Kind == StreamKind.Video)
                {
                    frames += stream.Frames;
                    freezes += stream.Freezes + (stream.IsFrozenAt(nowMs) ? 1 : 0);
                    videoStreams += stream.Frames > 0 ? 1 : 0;
                    jitterSum += stream.JitterMs;
                    jitterCount++;
                }
                else
                {
                    audioStreams += stream.Packets > 0 ? 1 : 0;
                }
            }

            return new StatisticsSnapshot(nowMs, Interlocked.Read(ref _bytesReceived), Interlocked.Read(ref _bytesSent), packets, expected,
                frames, freezes, videoStreams, audioStreams, jitterCount == 0 ? null : jitterSum / jitterCount);
        }
    }

    private void OnKeyframeRequest(uint ssrc)
    {
        Interlocked.Increment(ref _keyframeRequests);
        KeyframeRequested?.Invoke(ssrc);
    }
}

/// <summary>Cumulative receive counters of one participant at <see cref="AtMs"/>; differences of two give rates.</summary>
/// <param name="Freezes">Freezes so far, including one going on at <see cref="AtMs"/>.</param>
public readonly record struct StatisticsSnapshot(double AtMs, long BytesReceived, long BytesSent, long Packets, long ExpectedPackets,
    long Frames, int Freezes, int VideoStreams, int AudioStreams, double? JitterMs)
{
    public long Lost => Math.Max(0, ExpectedPackets - Packets);
}
