using System.Diagnostics;
using Microsoft.Playwright;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.LoadTest.Signaling;
using ScaleMeet.LoadTest.SyntheticMedia;
using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.EndToEnd.Tests.Abuse.Attacks;

/// <summary>
/// A synthetic simulcast publisher (real VP8 from the load tester's clips) moves every layer to a new SSRC at once,
/// its sequence numbers 200 back so they repeat ones the old SSRCs sent; a Chromium participant in the room watches
/// it. Unprotected, the bridge then encrypted different packets under the same GCM nonce for every receiver (and they
/// dropped them as replays). Asserted: the bridge noticed the changes, protected no index twice
/// (<c>scalemeet_bridge_srtp_refused_total{reason="index_reused"}</c> unchanged: the forwarding path never produced
/// one), and Chromium kept decoding that sender's video (getStats framesDecoded rising, no gap of 2 s or more).
/// The Chromium page joins for the attack, or is one already in the target room (<c>existingViewer</c>: a test that measures
/// other pages on the same machine starts it beforehand, as a browser starting takes their CPU).
/// </summary>
internal sealed class SsrcChangeAttack(IBrowser browser, MeetingPage? existingViewer = null) : IHostileAttack
{
    private const string Reused = "scalemeet_bridge_srtp_refused_total{reason=\"index_reused\"}";
    private const string Changes = "scalemeet_bridge_layer_ssrc_changes_total";

    private static readonly TimeSpan Setup = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Watch = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan MaxGap = TimeSpan.FromSeconds(2);

    public string Name => "ssrc-change";

    public async Task RunAsync(AbuseTarget target, CancellationToken cancellationToken)
    {
        var tracks = SyntheticTracks.Create(simulcast: true);
        var publisher = new SimulcastPublisher(SimulcastPublisherOptions.FromTracks(tracks, MediaLibrary.LoadOrCreate()));
        await using var changer = await SignalingParticipant.JoinAsync(target.ServerUri, target.Room, "ssrc-changer", tracks, null, null, cancellationToken);
        changer.Publish.RtcpReceived = compound => AnswerKeyframeRequests(publisher, compound);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pacing = Task.Run(() => PaceAsync(publisher, new TransportSink(changer.Publish), stop.Token), CancellationToken.None);
        try
        {
            await using var joined = existingViewer is null ? await JoinViewerAsync(browser, target) : null;
            var viewer = joined ?? existingViewer!;
            await AttackWaits.UntilAsync(async () => FramesDecoded(await viewer.InboundAsync(), changer.ParticipantId) > 30, Setup,
                "Chromium decoding the synthetic publisher", cancellationToken);
            var before = await PrometheusScrape.ReadAsync(target.Server, cancellationToken);

            foreach (var rid in SyntheticTracks.SimulcastRids)
            {
                Assert.True(publisher.ChangeLayerSsrc(rid, (uint)Random.Shared.Next(1, int.MaxValue), sequenceShift: -200), $"layer {rid} kept its SSRC");
            }

            var (gap, decoded) = await LongestDecodingGapAsync(viewer, changer.ParticipantId, cancellationToken);
            var after = await PrometheusScrape.ReadAsync(target.Server, cancellationToken);

            Assert.True(after.Since(before, Changes) >= 3, $"the bridge saw {after.Since(before, Changes)} of the 3 layers change SSRC");
            Assert.Equal(0, after.Since(before, Reused));
            Assert.True(decoded >= 60, $"only {decoded} frames decoded in the {Watch.TotalSeconds} s after the change");
            Assert.True(gap < MaxGap, $"Chromium decoded nothing for {gap.TotalMilliseconds:0} ms after the change");
        }
        finally
        {
            await stop.CancelAsync();
            await pacing;
        }
    }

    /// <summary>
    /// A Chromium participant for the target room. A small page: it asks for the lowest layer, so decoding costs little
    /// CPU (other pages may share the machine), and every layer changes SSRC anyway. Its microphone is off, so its fake
    /// audio (a beep) takes no part in other attacks in the room (the dominant speaker's).
    /// </summary>
    public static async Task<MeetingPage> JoinViewerAsync(IBrowser browser, AbuseTarget target)
    {
        var viewer = await MeetingPage.JoinAsync(browser, target.Server.BaseUrl, target.Room, "ssrc viewer", viewport: new ViewportSize { Width = 400, Height = 300 });
        await viewer.ToggleMicrophoneAsync();
        return viewer;
    }

    /// <summary>Polls getStats for <see cref="Watch"/>: the longest time framesDecoded did not grow, and how many frames were decoded.</summary>
    private static async Task<(TimeSpan Gap, long Decoded)> LongestDecodingGapAsync(MeetingPage viewer, string sender, CancellationToken cancellationToken)
    {
        var start = FramesDecoded(await viewer.InboundAsync(), sender);
        var last = start;
        var lastGrowth = Stopwatch.GetTimestamp();
        var gap = TimeSpan.Zero;
        var until = Stopwatch.GetTimestamp() + (long)(Watch.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            await Task.Delay(100, cancellationToken);
            var now = FramesDecoded(await viewer.InboundAsync(), sender);
            if (now > last)
            {
                last = now;
                lastGrowth = Stopwatch.GetTimestamp();
            }

            gap = TimeSpan.FromTicks(Math.Max(gap.Ticks, Stopwatch.GetElapsedTime(lastGrowth).Ticks));
        }

        return (gap, last - start);
    }

    private static long FramesDecoded(IReadOnlyList<InboundTrack> tracks, string sender) =>
        tracks.Where(t => t.ParticipantId == sender && t.Kind == "video").Sum(t => t.FramesDecoded);

    private static void AnswerKeyframeRequests(SimulcastPublisher publisher, ReadOnlySpan<byte> compound)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryNext(out var header, out var packet))
        {
            if (header.PacketType == RtcpPacketType.PSFB && header.Count == Pli.Format && Pli.TryParse(packet, out var pli))
            {
                publisher.RequestKeyFrame(pli.MediaSsrc);
            }
        }
    }

    private static async Task PaceAsync(SimulcastPublisher publisher, IRtpSink sink, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                publisher.SendDue(Stopwatch.GetTimestamp(), sink);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class TransportSink(SyntheticTransport transport) : IRtpSink
    {
        public bool SendRtp(ReadOnlySpan<byte> packet) => transport.SendRtp(packet);
    }
}
