using System.Diagnostics;
using ScaleMeet.LoadTest.Measurement;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.LoadTest.SyntheticMedia;

namespace ScaleMeet.LoadTest.Running;

/// <summary>The media of a run: the cached clips (made by load-media.sh when missing) and one publisher per sending participant.</summary>
public sealed class MediaSetup
{
    private readonly MediaLibrary _library;

    private MediaSetup(MediaLibrary library)
    {
        _library = library;
    }

    /// <summary>Loads (or makes) the media in <paramref name="directory"/> (null: the default cache).</summary>
    public static MediaSetup Load(string? directory)
    {
        try
        {
            return new MediaSetup(MediaLibrary.LoadOrCreate(directory));
        }
        catch (MediaUnavailableException ex)
        {
            throw new LoadSetupException(ex.Message, ex);
        }
    }

    /// <summary>What a participant publishes: Opus and VP8 in three simulcast layers (q/h/f = 180p/360p/720p).</summary>
    public SyntheticTracks CreateTracks(bool sender) => SyntheticTracks.Create(audio: true, video: true, simulcast: true);

    public IMediaSender CreateSender(SyntheticTracks tracks, SyntheticTransport transport, ParticipantStatistics statistics) =>
        new PublisherSender(new SimulcastPublisher(SimulcastPublisherOptions.FromTracks(tracks, _library)), transport, statistics);

    /// <summary>A <see cref="SimulcastPublisher"/> on a transport, with sender reports so the server's reports give RTT.</summary>
    private sealed class PublisherSender(SimulcastPublisher publisher, SyntheticTransport transport, ParticipantStatistics statistics)
        : IMediaSender, IRtpSink
    {
        private readonly byte[] _report = new byte[128];

        public void SendDue(double nowMs) => publisher.SendDue(Stopwatch.GetTimestamp(), this);

        public void RequestKeyframe(uint ssrc) => publisher.RequestKeyFrame(ssrc);

        public void SendReports(double nowMs)
        {
            var now = Stopwatch.GetTimestamp();
            var ntp = NtpClock.Now();
            foreach (var counters in publisher.GetCounters())
            {
                if (counters.Packets == 0 || !counters.Active || !publisher.TryGetRtpTimestamp(counters.Ssrc, now, out var rtp))
                {
                    continue;
                }

                if (Media.Rtcp.SenderReport.TryWrite(_report, counters.Ssrc, ntp, rtp, (uint)counters.Packets, (uint)counters.Bytes, default, out var written) &&
                    transport.SendRtcp(_report.AsSpan(0, written)))
                {
                    statistics.OnSent(written);
                }
            }
        }

        public bool SendRtp(ReadOnlySpan<byte> packet)
        {
            if (!transport.SendRtp(packet))
            {
                return false;
            }

            statistics.OnSent(packet.Length);
            return true;
        }
    }
}
