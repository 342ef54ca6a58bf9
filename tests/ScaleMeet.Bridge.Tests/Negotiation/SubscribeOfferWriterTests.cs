using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Negotiation;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Bridge.Tests.Negotiation;

public sealed class SubscribeOfferWriterTests
{
    [Fact]
    public void ReceiverWithAudioVideoAndAGoneTrack_Written_ParsesWithSendOnlySectionsAndInactiveSlot()
    {
        var conference = new Conference("room");
        var sender = new Endpoint(conference, "alice", "Alice");
        var receiver = new Endpoint(conference, "bob", "Bob");
        var audio = new Producer(sender, MediaKind.Audio, "0", 111, null, 1);
        audio.Layers.Add(new ProducerLayer(audio, 0, null, 0, null) { Ssrc = 1111 });
        var video = new Producer(sender, MediaKind.Video, "1", 96, 97, 0);
        video.Layers.Add(new ProducerLayer(video, 0, null, 720, null) { Ssrc = 2222, RtxSsrc = 2223 });
        receiver.SubscribeSlots.Add(new SubscribeSlot("0", MediaKind.Audio) { Consumer = new Consumer(audio, receiver, "0", 5001, 5002, 100, 1000) });
        receiver.SubscribeSlots.Add(new SubscribeSlot("1", MediaKind.Video) { Consumer = new Consumer(video, receiver, "1", 6001, 6002, 200, 2000) });
        receiver.SubscribeSlots.Add(new SubscribeSlot("2", MediaKind.Video));

        var sdp = SubscribeOfferWriter.Write(receiver, PublishNegotiatorTests.Local, 7, out var tracks);

        Assert.True(SessionDescription.TryParse(sdp, out var offer, out var error), error);
        Assert.True(offer!.IceLite);
        Assert.Equal(7ul, offer.Origin.SessionVersion);
        Assert.Equal(["0", "1", "2"], offer.BundleMids);
        Assert.Equal(["0", "1", "2"], offer.Media.Select(m => m.Mid));
        Assert.All(offer.Media, m =>
        {
            Assert.Equal("actpass", m.Setup);
            Assert.True(m.RtcpMux);
            Assert.NotEmpty(m.Candidates);
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

        var gone = offer.Media[2];
        Assert.Equal(SdpDirection.Inactive, gone.Direction);
        Assert.Empty(gone.SsrcLines);
        Assert.Null(gone.Msid);

        Assert.Equal(2, tracks.Count);
        Assert.Equal(("0", "alice", "audio", "alice-0"), (tracks[0].Mid, tracks[0].ParticipantId, tracks[0].Kind, tracks[0].TrackId));
        Assert.Equal(("1", "alice", "video", "alice-1"), (tracks[1].Mid, tracks[1].ParticipantId, tracks[1].Kind, tracks[1].TrackId));
    }
}
