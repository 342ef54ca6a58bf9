using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Bridge.Tests.Infrastructure;

namespace ScaleMeet.Bridge.Tests.Conferences;

/// <summary>
/// The ownership tree conference → endpoint → producers / consumers: each close is idempotent and closes what is
/// below it, on every receiver, and what they held (SSRC maps, subscribe sections, packet caches) goes back.
/// Producers and consumers work with senders and receivers that are not endpoints (as relays will be).
/// </summary>
public sealed class OwnershipTests
{
    private readonly Conference _conference = new("room");

    [Fact]
    public void ProducerClose_ConsumersOnEveryReceiverClosed_SecondCloseDoesNothing()
    {
        var alice = Join("alice");
        var bob = Join("bob");
        var carol = Join("carol");
        var video = Publish(alice, MediaKind.Video, ssrc: 1000, rtx: 1001, withCache: true);
        var toBob = Subscribe(video, bob);
        var toCarol = Subscribe(video, carol);
        Assert.Equal(1, _conference.Resources.Caches.InUse);

        video.Close();
        video.Close();

        Assert.True(video.IsClosed);
        Assert.True(toBob.IsClosed);
        Assert.True(toCarol.IsClosed);
        Assert.Empty(video.Consumers);
        Assert.Empty(alice.Producers);
        Assert.Empty(alice.LayersBySsrc);
        Assert.Equal(0, _conference.Resources.Caches.InUse);
        foreach (var receiver in new[] { bob, carol })
        {
            Assert.Empty(receiver.ConsumersBySsrc);
            Assert.All(receiver.SubscribeSlots, s => Assert.Null(s.Consumer));
            Assert.True(receiver.SubscribeRenegotiationNeeded);
        }

        Assert.True(_conference.AllocationNeeded);
    }

    [Fact]
    public void EndpointClose_ItsTracksLeaveEveryReceiver_ItsConsumersLeaveEveryProducer()
    {
        var alice = Join("alice");
        var bob = Join("bob");
        var carol = Join("carol");
        var aliceVideo = Publish(alice, MediaKind.Video, ssrc: 1000, rtx: 1001, withCache: true);
        var bobAudio = Publish(bob, MediaKind.Audio, ssrc: 2000, rtx: null, withCache: false);
        Subscribe(aliceVideo, bob);
        Subscribe(aliceVideo, carol);
        var aliceGetsBob = Subscribe(bobAudio, alice);
        var carolGetsBob = Subscribe(bobAudio, carol);
        _conference.Speakers.OnAudioLevel(alice, 10, 1);

        alice.Close();
        alice.Close();

        Assert.True(alice.IsClosed);
        Assert.False(_conference.Endpoints.ContainsKey("alice"));
        Assert.True(aliceVideo.IsClosed);
        Assert.True(aliceGetsBob.IsClosed);
        Assert.Equal([carolGetsBob], bobAudio.Consumers);
        Assert.Empty(alice.SubscribeSlots);
        Assert.Empty(alice.ConsumersBySsrc);
        Assert.False(alice.SubscribeRenegotiationNeeded);
        Assert.DoesNotContain(bob.ConsumersBySsrc.Values, c => c.Producer == aliceVideo);
        Assert.Equal(2, carol.ConsumersBySsrc.Count); // Bob's audio (SSRC and RTX SSRC) is all Carol still receives
        Assert.Equal(0, _conference.Resources.Caches.InUse);
        Assert.False(_conference.Speakers.Evaluate(10_000_000));
        Assert.Null(_conference.Speakers.Dominant);
        Assert.False(bobAudio.IsClosed);
    }

    [Fact]
    public void ConferenceClose_EveryEndpointAndTrackClosed()
    {
        var alice = Join("alice");
        var bob = Join("bob");
        var aliceVideo = Publish(alice, MediaKind.Video, ssrc: 1000, rtx: 1001, withCache: true);
        var bobVideo = Publish(bob, MediaKind.Video, ssrc: 2000, rtx: 2001, withCache: true);
        var bobGetsAlice = Subscribe(aliceVideo, bob);
        var aliceGetsBob = Subscribe(bobVideo, alice);

        _conference.Close();
        _conference.Close();

        Assert.True(_conference.IsClosed);
        Assert.Empty(_conference.Endpoints);
        Assert.All(new[] { aliceVideo, bobVideo }, p => Assert.True(p.IsClosed));
        Assert.All(new[] { bobGetsAlice, aliceGetsBob }, c => Assert.True(c.IsClosed));
        Assert.All(new[] { alice, bob }, e => Assert.True(e.IsClosed));
        Assert.Equal(0, _conference.Resources.Caches.InUse);
    }

    [Fact]
    public void ProducerOfRemoteSender_Close_ForgetsItsSsrcsUpstream_TellsRemoteReceiver()
    {
        var upstream = new RecordingMediaTransport();
        var sender = new SeamSender(_conference, "remote-alice", upstream);
        var producer = new Producer(sender, MediaKind.Video, "0", 96, 97, 0);
        var layer = new ProducerLayer(producer, 0, null, 720, null) { Ssrc = 1000, RtxSsrc = 1001, Cache = _conference.Resources.Caches.TryRent() };
        producer.Layers.Add(layer);
        sender.Producers.Add(producer);
        sender.LayersBySsrc[1000] = layer;
        sender.LayersBySsrc[1001] = layer;
        var receiver = new RemoteReceiver(_conference, "relay", new RecordingMediaTransport());
        var consumer = new Consumer(producer, receiver, "0", 5000, 5001, 1, 1);
        producer.Consumers.Add(consumer);
        var bob = Join("bob");
        var toBob = Subscribe(producer, bob);

        producer.Close();

        Assert.Equal([consumer], receiver.Closed);
        Assert.True(toBob.IsClosed);
        Assert.Empty(bob.ConsumersBySsrc);
        Assert.Equal([(1000u, false), (1001u, false)], upstream.ForgottenIncoming);
        Assert.Empty(sender.Producers);
        Assert.Empty(sender.LayersBySsrc);
        Assert.Equal(0, _conference.Resources.Caches.InUse);

        consumer.Close();
        Assert.Single(receiver.Closed);
    }

    private Endpoint Join(string id)
    {
        var endpoint = new Endpoint(_conference, id, id);
        _conference.Endpoints.Add(id, endpoint);
        return endpoint;
    }

    private static Producer Publish(Endpoint sender, MediaKind kind, uint ssrc, uint? rtx, bool withCache)
    {
        var producer = new Producer(sender, kind, sender.Producers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), 96, rtx is null ? null : (byte)97, 0);
        var layer = new ProducerLayer(producer, 0, null, 720, null)
        {
            Ssrc = ssrc,
            RtxSsrc = rtx,
            Cache = withCache ? sender.Conference.Resources.Caches.TryRent() : null,
        };
        producer.Layers.Add(layer);
        sender.Producers.Add(producer);
        sender.LayersBySsrc[ssrc] = layer;
        if (rtx is { } r)
        {
            sender.LayersBySsrc[r] = layer;
        }

        return producer;
    }

    /// <summary>A consumer as the router makes one: a section of the receiver's, its SSRCs mapped, on the producer.</summary>
    private static Consumer Subscribe(Producer producer, Endpoint receiver)
    {
        var slot = new SubscribeSlot(receiver.SubscribeSlots.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), producer.Kind);
        receiver.SubscribeSlots.Add(slot);
        var consumer = new Consumer(producer, receiver, slot.Mid, receiver.NewConsumerSsrc(), receiver.NewConsumerSsrc(), 1, 1);
        slot.Assign(consumer);
        receiver.ConsumersBySsrc[consumer.Ssrc] = consumer;
        receiver.ConsumersBySsrc[consumer.RtxSsrc] = consumer;
        producer.Consumers.Add(consumer);
        return consumer;
    }
}
