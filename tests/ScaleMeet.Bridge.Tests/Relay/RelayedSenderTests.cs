using ScaleMeet.Bridge.Tests.Infrastructure;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.Bridge.Tests.Relay;

/// <summary>
/// A sender on bridge A received on bridge B over a relay, the test playing the focus between them: A reports the
/// sender's tracks, B takes them as a remote sender, B's receiver gets the media under B's own SSRCs and sequence
/// numbers, and B's keyframe requests reach the publisher on A. Bad remote-sender requests are refused and keep nothing.
/// </summary>
public sealed class RelayedSenderTests
{
    [Fact]
    public async Task SenderOnA_ReceiverOnB_MediaCrossesTheRelay_AndKeyframeRequestsComeBack()
    {
        await using var a = new BridgeHarness(RelayBridges.Enable);
        await using var b = new BridgeHarness(RelayBridges.Enable);
        var ada = await a.JoinAsync("ada");
        var grace = await b.JoinAsync("grace");
        await RelayBridges.CreateAsync(a, b);
        await a.PublishAsync(ada);
        var tracks = ada.Participant.Tracks!;

        // A reports Ada's tracks (the relay exists): both tracks, with the SSRCs her offer signalled.
        var reported = await WaitForTracksAsync(a, "ada", e => e.Tracks.Count == 2);
        Assert.Equal("ada (synthetic)", reported.DisplayName);
        Assert.Equal(tracks.AudioLevelExtensionId, reported.AudioLevelExtensionId);
        Assert.Equal(tracks.AudioSsrc, Assert.Single(reported.Tracks.Single(t => t.Kind == "audio").Layers).Ssrc);
        Assert.Equal(tracks.VideoSsrc, Assert.Single(reported.Tracks.Single(t => t.Kind == "video").Layers).Ssrc);

        Assert.IsType<OkReply>(await b.SendAsync(Remote(reported)));
        while (grace.Participant.FindSubscribedTrack("ada", "audio") is null || grace.Participant.FindSubscribedTrack("ada", "video") is null)
        {
            await b.AnswerNextOfferAsync(grace);
        }

        // B's new consumer asks for a keyframe: over the relay, A asks Ada (A has no receiver of its own for her).
        await Eventually.WaitAsync(() => ada.PublishRtcp.PliTimes(tracks.VideoSsrc).Count >= 1, "a PLI from B reaches Ada through A");

        var video = grace.SubscribedTrack(ada, "video");
        var audio = grace.SubscribedTrack(ada, "audio");
        Assert.NotEqual(tracks.VideoSsrc, video.Ssrc); // B's receiver sees B's SSRCs, as for a local sender
        var sender = new MediaSender(ada.Participant.Publish, tracks);
        await Eventually.WaitAsync(() =>
        {
            sender.SendVideoFrame(keyFrame: true);
            sender.SendAudio(level: 30);
            return grace.SubscribeRtp.RtpOf(video.Ssrc).Count >= 3 && grace.SubscribeRtp.RtpOf(audio.Ssrc).Count >= 1;
        }, "Ada's video and audio at Grace, on bridge B");

        // The forwarded video is Ada's (her VP8 data, past the descriptor B rewrites), in consecutive sequence numbers.
        var received = grace.SubscribeRtp.RtpOf(video.Ssrc);
        var receivedPayload = received[0].Rtp.GetPayload(received[0].Data).ToArray();
        Assert.Contains(sender.Video, sent => RtpHeader.TryParse(sent, out var h) && h.PayloadLength == receivedPayload.Length
            && sent.AsSpan(h.HeaderLength + 16, h.PayloadLength - 16).SequenceEqual(receivedPayload.AsSpan(16))); // past the rewritten descriptor
        var sequences = received.Select(p => p.Rtp.SequenceNumber).ToArray();
        Assert.All(sequences.Zip(sequences.Skip(1)), pair => Assert.Equal((ushort)(pair.First + 1), pair.Second));
        Assert.Equal(0, await RelayBridges.OnLoop(b, r => r.Relays.Counters.MediaUnrouted));
        Assert.True(await RelayBridges.OnLoop(a, r => r.Relays.Counters.BytesSent) > 3000);

        // Ada leaves B's picture: her tracks go from Grace's next offer.
        Assert.IsType<OkReply>(await b.SendAsync(new ExpireRemoteSenderRequest(BridgeHarness.Conference, "ada")));
        await b.AnswerNextOfferAsync(grace);
        Assert.Null(grace.Participant.FindSubscribedTrack("ada", "video"));
        Assert.Equal(0, await RelayBridges.OnLoop(b, r => r.Relays.Relays.Single().IncomingLayers.Count));
    }

    [Fact]
    public async Task RemoteSender_RelayExpired_ItsTracksGo()
    {
        await using var a = new BridgeHarness(RelayBridges.Enable);
        await using var b = new BridgeHarness(RelayBridges.Enable);
        var ada = await a.JoinAsync("ada");
        var grace = await b.JoinAsync("grace");
        var (_, forB) = await RelayBridges.CreateAsync(a, b);
        await a.PublishAsync(ada);
        Assert.IsType<OkReply>(await b.SendAsync(Remote(await WaitForTracksAsync(a, "ada", e => e.Tracks.Count == 2))));
        await b.AnswerNextOfferAsync(grace);
        Assert.NotNull(grace.Participant.FindSubscribedTrack("ada", "audio"));

        Assert.IsType<OkReply>(await b.SendAsync(new ExpireRelayRequest(BridgeHarness.Conference, forB.EndpointId)));

        Assert.Equal(0, await RelayBridges.OnLoop(b, r => r.Relays.Count));
        await b.AnswerNextOfferAsync(grace);
        Assert.Null(grace.Participant.FindSubscribedTrack("ada", "audio"));
        Assert.IsType<BridgeErrorReply>(await b.SendAsync(new ExpireRemoteSenderRequest(BridgeHarness.Conference, "ada"))); // went with the relay
    }

    [Fact]
    public async Task RemoteSender_BadRequests_RefusedWithReason_NothingKept()
    {
        await using var a = new BridgeHarness(RelayBridges.Enable);
        await using var b = new BridgeHarness(RelayBridges.Enable);
        await RelayBridges.ConnectAsync(a, b);
        var audio = new RelayedTrack("audio", "0", 111, [new RelayedLayer(0x1111)]);
        var video = new RelayedTrack("video", "1", 96, [new RelayedLayer(0x2222, "q"), new RelayedLayer(0, "h")], RtxPayloadType: 97);
        var good = new RemoteSenderRequest(BridgeHarness.Conference, "ada", "relay:a", "Ada", 1, [audio, video]);

        Assert.Equal(BridgeErrorCodes.UnknownEndpoint, Code(await b.SendAsync(good with { ConferenceId = "elsewhere" })));
        Assert.Equal(BridgeErrorCodes.UnknownEndpoint, Code(await b.SendAsync(good with { RelayEndpointId = "relay:nowhere" })));
        Assert.Equal(BridgeErrorCodes.AlreadyExists, Code(await b.SendAsync(good with { EndpointId = "grace" }))); // a local participant
        Assert.Equal(BridgeErrorCodes.BadTracks, Code(await b.SendAsync(good with { Tracks = [audio with { Kind = "data" }] })));
        Assert.Equal(BridgeErrorCodes.BadTracks, Code(await b.SendAsync(good with { Tracks = [audio, audio] }))); // a mid twice
        Assert.Equal(BridgeErrorCodes.BadTracks, Code(await b.SendAsync(good with { Tracks = [audio with { PayloadType = 128 }] })));
        Assert.Equal(BridgeErrorCodes.BadTracks, Code(await b.SendAsync(good with { Tracks = [audio with { Layers = [new RelayedLayer(0)] }] })));
        Assert.Equal(BridgeErrorCodes.BadTracks, Code(await b.SendAsync(good with
        {
            Tracks = [video with { Layers = [new RelayedLayer(1, "q"), new RelayedLayer(2, "h"), new RelayedLayer(3, "f"), new RelayedLayer(4, "x")] }],
        })));
        Assert.Equal(BridgeErrorCodes.BadTracks, Code(await b.SendAsync(good with { Tracks = [video with { Layers = [new RelayedLayer(5, "q"), new RelayedLayer(6, "q")] }] })));
        Assert.Equal(BridgeErrorCodes.BadTracks, Code(await b.SendAsync(good with { Tracks = [audio, video with { Layers = [new RelayedLayer(0x1111, "q")] }] })));
        Assert.Equal(0, await RelayBridges.OnLoop(b, r => r.Relays.Relays.Single().IncomingLayers.Count));

        Assert.IsType<OkReply>(await b.SendAsync(good));
        Assert.IsType<OkReply>(await b.SendAsync(good)); // sent again: the same sender, unchanged
        Assert.Equal(2, await RelayBridges.OnLoop(b, r => r.Relays.Relays.Single().IncomingLayers.Count)); // the unlearned layer has no SSRC yet

        // Another sender claiming Ada's SSRC is refused; Ada's layer learned later is taken.
        Assert.Equal(BridgeErrorCodes.BadTracks, Code(await b.SendAsync(good with { EndpointId = "linus", Tracks = [audio] })));
        Assert.IsType<OkReply>(await b.SendAsync(good with { Tracks = [audio, video with { Layers = [new RelayedLayer(0x2222, "q"), new RelayedLayer(0x3333, "h")] }] }));
        Assert.Equal(3, await RelayBridges.OnLoop(b, r => r.Relays.Relays.Single().IncomingLayers.Count));
    }

    private static RemoteSenderRequest Remote(SenderTracksEvent reported) =>
        new(reported.ConferenceId, reported.EndpointId, "relay:a", reported.DisplayName, reported.AudioLevelExtensionId, reported.Tracks)
        {
            Generation = reported.Generation,
        };

    private static async Task<SenderTracksEvent> WaitForTracksAsync(BridgeHarness harness, string endpointId, Func<SenderTracksEvent, bool> condition)
    {
        SenderTracksEvent? found = null;
        await Eventually.WaitAsync(() =>
        {
            found = harness.Events.Events.OfType<SenderTracksEvent>().LastOrDefault(e => e.EndpointId == endpointId && condition(e));
            return found is not null;
        }, $"{endpointId}'s tracks reported");
        return found!;
    }

    private static string Code(BridgeReply reply) => Assert.IsType<BridgeErrorReply>(reply).Code;
}
