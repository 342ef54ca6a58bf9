using System.Collections.Concurrent;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.LoadTest.Signaling;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.EndToEnd.Tests;

/// <summary>
/// Synthetic participants (no browser) join the real server through signaling and exchange media through the
/// bridge: the path the load tester's participants take.
/// </summary>
public sealed class SyntheticParticipantTests
{
    [Fact]
    public async Task SyntheticSender_ThroughTheRealServer_SubscriberReceivesItsAudioAndVideo()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        var uri = new Uri(server.BaseUrl);
        await using var a = await SignalingParticipant.JoinAsync(uri, "synthetic", "A");
        await using var b = await SignalingParticipant.JoinAsync(uri, "synthetic", "B");
        var receivedBySsrc = new ConcurrentDictionary<uint, int>();
        b.Subscribe.RtpReceived = packet =>
        {
            if (RtpHeader.TryParse(packet, out var header))
            {
                receivedBySsrc.AddOrUpdate(header.Ssrc, 1, (_, n) => n + 1);
            }
        };

        await Eventually.WaitForAsync(
            () => Task.FromResult(b.Subscribe.State == SyntheticTransportState.Connected && b.SubscribedSsrc(a.ParticipantId, "video") is not null),
            ready => ready, TimeSpan.FromSeconds(30), "B subscribed to A and connected");
        var videoAtB = b.SubscribedSsrc(a.ParticipantId, "video")!.Value;
        var audioAtB = b.SubscribedSsrc(a.ParticipantId, "audio")!.Value;

        // A sends 30 fps video (a keyframe every second) and 50 packets/s of audio until B has plenty of both.
        var buffer = new byte[SyntheticRtp.MaxPacketLength];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        for (var frame = 0; receivedBySsrc.GetValueOrDefault(videoAtB) < 30 || receivedBySsrc.GetValueOrDefault(audioAtB) < 30; frame++)
        {
            Assert.True(DateTime.UtcNow < deadline, $"B got {receivedBySsrc.GetValueOrDefault(videoAtB)} video and {receivedBySsrc.GetValueOrDefault(audioAtB)} audio packets from A");
            var length = SyntheticRtp.WriteVp8(buffer, a.Tracks!.VideoSsrc, (ushort)frame, (uint)(frame * 3000), marker: true, startOfFrame: true,
                keyFrame: frame % 30 == 0, pictureId: (ushort)frame, packetLength: 800);
            a.Publish.SendRtp(buffer.AsSpan(0, length));
            length = SyntheticRtp.WriteOpus(buffer, a.Tracks.AudioSsrc, (ushort)frame, (uint)(frame * 960), a.Tracks.AudioLevelExtensionId, voice: true, level: 30, packetLength: 100);
            a.Publish.SendRtp(buffer.AsSpan(0, length));
            await Task.Delay(33);
        }

        Assert.Empty(a.Errors);
        Assert.Empty(b.Errors);
    }

    [Fact]
    public async Task SenderLeavesAndAnotherJoins_SubscriberGetsTheNewcomerOnTheRecycledSections()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        var uri = new Uri(server.BaseUrl);
        await using var b = await SignalingParticipant.JoinAsync(uri, "recycled", "B");
        var receivedBySsrc = new ConcurrentDictionary<uint, int>();
        b.Subscribe.RtpReceived = packet =>
        {
            if (RtpHeader.TryParse(packet, out var header))
            {
                receivedBySsrc.AddOrUpdate(header.Ssrc, 1, (_, n) => n + 1);
            }
        };

        IReadOnlyList<SubscribedTrack> first;
        string firstId;
        await using (var a = await SignalingParticipant.JoinAsync(uri, "recycled", "A"))
        {
            firstId = a.ParticipantId;
            first = await Eventually.WaitForAsync(() => Task.FromResult(b.SubscribedTracks), t => t.Count == 2, TimeSpan.FromSeconds(30), "B subscribed to A");
        }

        await Eventually.WaitForAsync(() => Task.FromResult(b.SubscribedTracks), t => t.Count == 0, TimeSpan.FromSeconds(30), "A's tracks gone at B");
        await using var c = await SignalingParticipant.JoinAsync(uri, "recycled", "C");
        var second = await Eventually.WaitForAsync(() => Task.FromResult(b.SubscribedTracks), t => t.Count == 2 && t.All(x => x.ParticipantId == c.ParticipantId),
            TimeSpan.FromSeconds(30), "B subscribed to C");

        // C's tracks on A's sections (the same mids, kind for kind), with SSRCs of their own.
        Assert.All(first, t => Assert.Equal(firstId, t.ParticipantId));
        Assert.Equal(first.Select(t => (t.Mid, t.Kind)).Order(), second.Select(t => (t.Mid, t.Kind)).Order());
        Assert.Empty(first.Select(t => t.Ssrc).Intersect(second.Select(t => t.Ssrc)));

        var videoAtB = b.SubscribedSsrc(c.ParticipantId, "video")!.Value;
        var buffer = new byte[SyntheticRtp.MaxPacketLength];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        for (var frame = 0; receivedBySsrc.GetValueOrDefault(videoAtB) < 10; frame++)
        {
            Assert.True(DateTime.UtcNow < deadline, $"B got {receivedBySsrc.GetValueOrDefault(videoAtB)} video packets from C on the recycled section");
            var length = SyntheticRtp.WriteVp8(buffer, c.Tracks!.VideoSsrc, (ushort)frame, (uint)(frame * 3000), marker: true, startOfFrame: true,
                keyFrame: frame % 30 == 0, pictureId: (ushort)frame, packetLength: 800);
            c.Publish.SendRtp(buffer.AsSpan(0, length));
            await Task.Delay(33);
        }

        Assert.Empty(b.Errors);
        Assert.Empty(c.Errors);
    }
}
