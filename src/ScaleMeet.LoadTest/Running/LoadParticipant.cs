using System.Diagnostics;
using ScaleMeet.LoadTest.Clients;
using ScaleMeet.LoadTest.Measurement;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.LoadTest.Results;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.LoadTest.Running;

/// <summary>Makes the media sender of a participant once its publish transport is connected.</summary>
public delegate IMediaSender MediaSenderFactory(SyntheticTracks tracks, SyntheticTransport transport, ParticipantStatistics statistics);

/// <summary>
/// One synthetic participant of a run: joins through an <see cref="IConferenceClientFactory"/>, sends media when it is a
/// sender, measures what it receives (<see cref="ParticipantStatistics"/>) and, like a browser, answers with transport-cc
/// feedback and receiver reports.
/// <para>Threading: <see cref="JoinAsync"/> once; <see cref="Pace"/> on the pacing thread; <see cref="Snapshot"/> anywhere.</para>
/// </summary>
public sealed class LoadParticipant : IAsyncDisposable
{
    private const double FeedbackIntervalMs = 50;
    private const double ReportIntervalMs = 1000;

    private readonly object _lock = new();
    private readonly List<SubscribeChannel> _channels = [];
    private readonly byte[] _rtcp = new byte[1500];
    private readonly uint _rtcpSsrc = (uint)Random.Shared.Next(1, int.MaxValue);
    private volatile IConferenceClient? _client;
    private volatile IMediaSender? _media;
    private double _nextFeedbackMs;
    private double _nextReportMs;

    public LoadParticipant(int conference, string room, string name, bool sender, int expectedVideoStreams, long origin, string? region = null)
    {
        Region = region;
        Conference = conference;
        Room = room;
        Name = name;
        IsSender = sender;
        ExpectedVideoStreams = expectedVideoStreams;
        Statistics = new ParticipantStatistics(origin);
    }

    public int Conference { get; }

    public string Room { get; }

    public string Name { get; }

    /// <summary>The region it joins from (<c>?region=</c>), or null.</summary>
    public string? Region { get; }

    public bool IsSender { get; }

    /// <summary>Other senders in the conference, whose video (and audio) this participant should receive.</summary>
    public int ExpectedVideoStreams { get; }

    public ParticipantStatistics Statistics { get; }

    /// <summary>Since the run's origin: when the join started and when it finished, ms; null before.</summary>
    public double? JoinStartedMs { get; private set; }

    public double? JoinedMs { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The join finished (it stays true after the participant left at the end of the run).</summary>
    public bool Joined => JoinedMs is not null;

    /// <summary>Joins and starts sending; a failure is kept in <see cref="Error"/>, never thrown.</summary>
    public async Task JoinAsync(IConferenceClientFactory factory, SyntheticTracks? tracks, int receiveHeight, SyntheticTransportOptions transportOptions,
        MediaSenderFactory mediaFactory, CancellationToken cancellationToken)
    {
        JoinStartedMs = Statistics.NowMs();
        try
        {
            var request = new ClientJoinRequest(Room, Name, IsSender ? tracks : null, receiveHeight, transportOptions, OnSubscribeOffered, Region);
            var client = await factory.JoinAsync(request, cancellationToken).ConfigureAwait(false);
            if (client.Publish is { } publish && tracks is not null)
            {
                publish.RtcpReceived = Statistics.OnPublishRtcp;
                var media = mediaFactory(tracks, publish, Statistics);
                Statistics.KeyframeRequested = media.RequestKeyframe;
                _media = media;
            }

            JoinedMs = Statistics.NowMs();
            _client = client;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Error = ex is OperationCanceledException ? "stopped before joining" : $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    /// <summary>Sends what is due: media, transport-cc feedback every 50 ms, sender and receiver reports every second.</summary>
    public void Pace(double nowMs)
    {
        if (_client is null)
        {
            return;
        }

        _media?.SendDue(nowMs);
        if (nowMs >= _nextFeedbackMs)
        {
            _nextFeedbackMs = nowMs + FeedbackIntervalMs;
            SendFeedback();
        }

        if (nowMs >= _nextReportMs)
        {
            _nextReportMs = nowMs + ReportIntervalMs;
            _media?.SendReports(nowMs);
            SendReceiverReports();
        }
    }

    public StatisticsSnapshot Snapshot() => Statistics.Snapshot();

    /// <summary>
    /// The server's media address (<c>ip:port</c>) the participant's transports connected to now — its publish
    /// transport's, else its first subscribe transport's; after a <c>moved</c> the new bridge's. Null before joining.
    /// </summary>
    public string? MediaAddress()
    {
        var client = _client;
        var remote = client?.Publish?.Remote ?? client?.SubscribeTransports.Select(t => t.Remote).FirstOrDefault(r => r is not null);
        return remote?.Candidate.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        var client = _client;
        _client = null;
        _media = null;
        if (client is not null)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void OnSubscribeOffered(SyntheticTransport transport, string offerSdp)
    {
        lock (_lock)
        {
            var channel = _channels.FirstOrDefault(c => c.Transport == transport);
            if (channel is null)
            {
                channel = new SubscribeChannel(transport, new TransportFeedbackRecorder());
                _channels.Add(channel);
                var recorder = channel.Feedback;
                var statistics = Statistics;
                transport.RtpReceived = packet =>
                {
                    recorder.OnRtpAt(packet, statistics.NowMs());
                    statistics.OnSubscribeRtp(packet);
                };
                transport.RtcpReceived = statistics.OnSubscribeRtcp;
            }

            channel.Feedback.ExtensionId = TransportCcExtensionId(offerSdp);

            // Tracks that left this transport's offer ended, even when their section now carries another track.
            var offered = OfferedSsrcs(offerSdp);
            Statistics.EndStreams(channel.Offered.Except(offered));
            channel.Offered = offered;
        }
    }

    /// <summary>The SSRCs of the offer's sending sections (a=ssrc lines); empty when it does not parse.</summary>
    internal static HashSet<uint> OfferedSsrcs(string sdp)
    {
        var ssrcs = new HashSet<uint>();
        if (SessionDescription.TryParse(sdp, out var session, out _))
        {
            foreach (var media in session!.Media)
            {
                if (media.Port != 0 && media.Direction is SdpDirection.SendOnly or SdpDirection.SendRecv)
                {
                    ssrcs.UnionWith(media.Ssrcs);
                }
            }
        }

        return ssrcs;
    }

    private void SendFeedback()
    {
        SubscribeChannel[] channels;
        lock (_lock)
        {
            channels = [.. _channels];
        }

        foreach (var channel in channels)
        {
            while (channel.Feedback.WriteFeedback(_rtcp, _rtcpSsrc, 0, out var written))
            {
                channel.Transport.SendRtcp(_rtcp.AsSpan(0, written));
            }
        }
    }

    private void SendReceiverReports()
    {
        var length = Statistics.WriteReceiverReport(_rtcp, _rtcpSsrc);
        if (length == 0)
        {
            return;
        }

        lock (_lock)
        {
            foreach (var channel in _channels)
            {
                channel.Transport.SendRtcp(_rtcp.AsSpan(0, length));
            }
        }
    }

    /// <summary>The id the offer gives the transport-wide sequence number extension (first section that has it), or 0.</summary>
    internal static byte TransportCcExtensionId(string sdp)
    {
        if (!SessionDescription.TryParse(sdp, out var session, out _))
        {
            return 0;
        }

        foreach (var media in session!.Media)
        {
            foreach (var extMap in media.ExtMaps)
            {
                if (extMap.Uri.Contains("transport-wide-cc", StringComparison.Ordinal))
                {
                    return (byte)extMap.Id;
                }
            }
        }

        return 0;
    }

    private sealed record SubscribeChannel(SyntheticTransport Transport, TransportFeedbackRecorder Feedback)
    {
        /// <summary>SSRCs of the last offer on this transport (under the participant's lock).</summary>
        public HashSet<uint> Offered { get; set; } = [];
    }
}
