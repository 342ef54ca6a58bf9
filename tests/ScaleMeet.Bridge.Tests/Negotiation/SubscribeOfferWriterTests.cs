using ScaleMeet.Bridge.Conferences;
using System.Net;
using ScaleMeet.Bridge.Negotiation;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Bridge.Tests.Negotiation;

public sealed class SubscribeOfferWriterTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static SubscribeOfferSnapshot Offer(int version, params SubscribeSectionSnapshot[] sections) =>
        new(new ConferenceKey("room", 1), "bob", version, PublishNegotiatorTests.Local, sections);

    [Fact]
    public void ReceiverWithAudioVideoAndAFreeSection_Written_ParsesWithSendOnlySectionsAndInactiveSlot()
    {
        var sdp = SubscribeOfferWriter.Write(
            Offer(7,
                new SubscribeSectionSnapshot("0", MediaKind.Audio, "alice", "0", 5001, 5002),
                new SubscribeSectionSnapshot("1", MediaKind.Video, "alice", "1", 6001, 6002),
                new SubscribeSectionSnapshot("2", MediaKind.Video, null, null, 0, 0)),
            out var tracks);

        Assert.True(SessionDescription.TryParse(sdp, out var offer, out var error), error);
        Assert.True(offer!.IceLite);
        Assert.Equal(7ul, offer.Origin.SessionVersion);
        Assert.Equal(["0", "1", "2"], offer.BundleMids);
        Assert.Equal(["0", "1", "2"], offer.Media.Select(m => m.Mid));
        Assert.All(offer.Media, m =>
        {
            Assert.True(m.RtcpMux);
            Assert.Equal(9, m.Port);
        });

        var a = offer.Media[0];
        Assert.Equal(SdpDirection.SendOnly, a.Direction);
        Assert.Equal("alice alice-0", a.Msid);
        Assert.Equal([5001u], a.Ssrcs);
        Assert.Equal("alice", a.GetSsrcCname(5001));
        Assert.Equal("alice alice-0", a.GetSsrcMsid(5001));
        Assert.Equal(1, a.GetExtMapId("urn:ietf:params:rtp-hdrext:ssrc-audio-level"));
        Assert.Equal(["111"], a.Formats);

        var v = offer.Media[1];
        Assert.Equal(SdpDirection.SendOnly, v.Direction);
        Assert.Equal("alice alice-1", v.Msid);
        Assert.Equal([6001u, 6002u], v.Ssrcs);
        Assert.Equal([new SdpSsrcGroup("FID", [6001, 6002])], v.SsrcGroups);
        Assert.Equal(["96", "97"], v.Formats);
        Assert.Equal(97, v.GetRtxPayloadType(96));

        var free = offer.Media[2];
        Assert.Equal(SdpDirection.Inactive, free.Direction);
        Assert.Empty(free.SsrcLines);
        Assert.Null(free.Msid);

        Assert.Equal(2, tracks.Count);
        Assert.Equal(("0", "alice", "audio", "alice-0"), (tracks[0].Mid, tracks[0].ParticipantId, tracks[0].Kind, tracks[0].TrackId));
        Assert.Equal(("1", "alice", "video", "alice-1"), (tracks[1].Mid, tracks[1].ParticipantId, tracks[1].Kind, tracks[1].TrackId));
    }

    [Fact]
    public void BundledTransport_Written_OnceAtSessionLevelWithCandidatesOnTheFirstSection()
    {
        var sdp = SubscribeOfferWriter.Write(
            Offer(1,
                new SubscribeSectionSnapshot("0", MediaKind.Audio, "alice", "0", 5001, 5002),
                new SubscribeSectionSnapshot("1", MediaKind.Video, "alice", "1", 6001, 6002)),
            out _);

        Assert.True(SessionDescription.TryParse(sdp, out var offer, out var error), error);
        var local = PublishNegotiatorTests.Local;
        Assert.Equal(local.IceUfrag, offer!.IceUfrag);
        Assert.Equal(local.IcePwd, offer.IcePwd);
        Assert.Equal(new SdpFingerprint("sha-256", local.Fingerprint), offer.Fingerprint);
        Assert.Equal("actpass", offer.Setup);
        Assert.Equal(["192.0.2.10:10000", "127.0.0.1:10000"], offer.Media[0].Candidates.Select(c => $"{c.Address}:{c.Port}"));
        Assert.True(offer.Media[0].EndOfCandidates);
        Assert.Empty(offer.Media[1].Candidates);
        Assert.All(offer.Media, m => Assert.Null(m.IceUfrag ?? m.IcePwd ?? m.Setup ?? m.Fingerprint?.Value));

        // A client reads the transport the way the synthetic peers (and browsers) do: section values, else session-level.
        Assert.True(RemoteTransportParameters.TryFromSdp(sdp, System.Net.Sockets.AddressFamily.InterNetwork, out var remote, out var problem), problem);
        Assert.Equal((local.IceUfrag, local.IcePwd, local.Fingerprint, "actpass"), (remote.IceUfrag, remote.IcePwd, remote.Fingerprint, remote.Setup));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 10000), remote.Candidate);
    }

    [Fact]
    public void LargestOffer_WithTheLongestIds_FitsTheSignalingLimitAndSoDoesItsAnswer()
    {
        // The most sections a receiver may be offered, every one a video track of a sender with a focus-length id
        // (11 characters), mids of three digits, and a candidate per advertised address of a host with several.
        var count = NegotiationOptions.SubscribeSectionsCeiling;
        var local = PublishNegotiatorTests.Local with
        {
            Candidates = [.. Enumerable.Range(1, 4).Select(i => new IPEndPoint(IPAddress.Parse($"198.51.100.{i}"), 65535))],
        };
        var sections = Enumerable.Range(0, count)
            .Select(i => new SubscribeSectionSnapshot((900 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), MediaKind.Video,
                $"Participant{i % 10}", "1", 4_000_000_000u - (uint)i, 3_000_000_000u - (uint)i))
            .ToArray();

        var sdp = SubscribeOfferWriter.Write(new SubscribeOfferSnapshot(new ConferenceKey("room", 1), "receiver-id", int.MaxValue, local, sections), out var tracks);
        var message = SignalingCodec.Encode(new SubscribeOfferMessage(sdp, int.MaxValue, tracks.Select(t => new TrackInfo(t.Mid, t.ParticipantId, t.Kind, t.TrackId)).ToArray()) { RequestId = int.MaxValue });
        using var transport = new SyntheticTransport();
        var answer = SignalingCodec.Encode(new SubscribeAnswerMessage(SyntheticSdp.SubscribeAnswer(transport, sdp), int.MaxValue) { RequestId = int.MaxValue });

        output.WriteLine($"{count} video sections: offer message {message.Length} bytes, answer message {answer.Length} bytes (limit {SignalingCodec.MaxMessageBytes})");
        Assert.Equal(count, tracks.Count);
        Assert.InRange(message.Length, 1, SignalingCodec.MaxMessageBytes);
        Assert.InRange(answer.Length, 1, SignalingCodec.MaxMessageBytes);
    }
}
