using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.LoadTest.Signaling;

namespace ScaleMeet.LoadTest.Janus;

/// <summary>
/// A synthetic participant in a Janus VideoRoom (Janus 1.x): one session, a publisher handle that joins room
/// <see cref="Room"/> (creating it when missing) and optionally publishes <see cref="Tracks"/> over
/// <see cref="Publish"/>, and one multistream subscriber PeerConnection (<see cref="Subscribe"/>) that follows
/// every other publisher in the room, present and future.
/// <para>Janus answers our publish offer with <c>a=setup:active</c>, so the publish transport is the DTLS server;
/// on the subscribe side Janus offers <c>actpass</c> and we are the DTLS client. Janus is ICE-lite and we nominate,
/// but its agent needs our host candidate in the SDP and a reply to the triggered check it sends back
/// (<see cref="SyntheticTransport.AnswerChecks"/>). Transports must bind to an address Janus can reach (<see cref="SyntheticTransportOptions.BindAddress"/>):
/// Janus never uses loopback for media.</para>
/// <para>Threading: the events of the publisher handle are handled on one task; subscription changes on another.
/// Properties may be read from any thread.</para>
/// </summary>
public sealed class JanusParticipant : IAsyncDisposable
{
    /// <summary>VideoRoom publishers per room when <see cref="JoinAsync"/> creates it.</summary>
    public const int RoomPublishers = 100;

    private const string Plugin = "janus.plugin.videoroom";

    private readonly JanusClient _client;
    private readonly JanusHandle _publisher;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private JanusSubscription? _subscription;
    private Task _events = Task.CompletedTask;
    private int _disposed;
    private volatile bool _publishUp;

    private JanusParticipant(JanusClient client, JanusHandle publisher, long room, string displayName)
    {
        _client = client;
        _publisher = publisher;
        Room = room;
        DisplayName = displayName;
    }

    public long Room { get; }

    public string DisplayName { get; }

    /// <summary>Our publisher id in the room (the feed id others subscribe to).</summary>
    public long FeedId { get; private set; }

    /// <summary>The publish transport, when we publish.</summary>
    public SyntheticTransport? Publish { get; private set; }

    /// <summary>What we publish (SSRCs announced in our offer), when we publish.</summary>
    public SyntheticTracks? Tracks { get; private set; }

    /// <summary>The subscribe transport, from Janus's first subscribe offer on.</summary>
    public SyntheticTransport? Subscribe => _subscription?.Transport;

    /// <summary>The active subscribed streams (mid, kind, feed, SSRC), as of the latest subscribe offer answered.</summary>
    public IReadOnlyList<JanusSubscribedStream> SubscribedStreams => _subscription?.Streams ?? [];

    /// <summary>The feeds at least one active subscribed stream comes from.</summary>
    public IReadOnlyList<long> SubscribedFeeds => SubscribedStreams.Select(s => s.FeedId).Distinct().Order().ToArray();

    /// <summary>True once Janus reported our publish PeerConnection up (<c>webrtcup</c>).</summary>
    public bool PublishUp => _publishUp;

    /// <summary>Problems seen after joining (failed renegotiations, hangups, transport failures), oldest first.</summary>
    public IReadOnlyList<string> Errors => _errors.ToArray();

    /// <summary>
    /// Connects to Janus at <paramref name="janusWs"/>, joins <paramref name="room"/> as a publisher (creating the room
    /// with VP8/Opus when it does not exist), publishes <paramref name="publish"/> if given (the publish transport is
    /// connected when this returns), and starts subscribing to the others' feeds. <paramref name="configureSubscribeTransport"/>
    /// runs for every subscribe offer answered, before the subscribe transport first connects (e.g. to set
    /// <see cref="SyntheticTransport.RtpReceived"/>).
    /// </summary>
    public static async Task<JanusParticipant> JoinAsync(Uri janusWs, long room, string displayName, SyntheticTracks? publish,
        SubscribeOfferHandler configureSubscribeTransport, SyntheticTransportOptions? options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(configureSubscribeTransport);
        var client = await JanusClient.ConnectAsync(janusWs, cancellationToken: ct).ConfigureAwait(false);
        JanusParticipant? participant = null;
        try
        {
            var publisher = await client.AttachAsync(Plugin, ct).ConfigureAwait(false);
            participant = new JanusParticipant(client, publisher, room, displayName);
            var joined = await participant.JoinRoomAsync(ct).ConfigureAwait(false);
            var data = joined.Data!;
            participant.FeedId = data["id"]?.GetValue<long>() ?? throw new JanusException(0, "joined: no id");
            var privateId = data["private_id"]?.GetValue<long>() ?? 0;
            var subscription = new JanusSubscription(client, room, privateId, configureSubscribeTransport, options, participant._errors.Enqueue);
            participant._subscription = subscription;
            subscription.Start(participant._stop.Token);
            participant.OnPublishers(data["publishers"] as JsonArray);
            participant._events = Task.Run(() => participant.PublisherEventsAsync(participant._stop.Token), CancellationToken.None);
            if (publish is not null)
            {
                await participant.PublishAsync(publish, options, ct).ConfigureAwait(false);
            }

            return participant;
        }
        catch
        {
            if (participant is not null)
            {
                await participant.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Unpublishes, leaves the room, detaches both handles, destroys the session and closes the transports. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_subscription is { } subscription)
        {
            await subscription.StopAsync().ConfigureAwait(false);
        }

        await _events.ConfigureAwait(false);

        // Unpublish before leaving: Janus renegotiates the others' subscriptions (autoupdate) only while we are in the room.
        if (Publish is not null)
        {
            await BestEffortAsync(() => _publisher.RequestAsync(new JsonObject { ["request"] = "unpublish" }, cancellationToken: timeout.Token)).ConfigureAwait(false);
        }

        await BestEffortAsync(() => _publisher.RequestAsync(new JsonObject { ["request"] = "leave" }, cancellationToken: timeout.Token)).ConfigureAwait(false);
        if (_subscription?.Handle is { } subscriber)
        {
            await BestEffortAsync(() => subscriber.DetachAsync(timeout.Token)).ConfigureAwait(false);
        }

        await BestEffortAsync(() => _publisher.DetachAsync(timeout.Token)).ConfigureAwait(false);
        await BestEffortAsync(() => _client.DestroySessionAsync(timeout.Token)).ConfigureAwait(false);
        await _client.DisposeAsync().ConfigureAwait(false);
        Publish?.Dispose();
        Subscribe?.Dispose();
        _stop.Dispose();
    }

    private static async Task BestEffortAsync(Func<Task> request)
    {
        try
        {
            await request().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JanusException or OperationCanceledException)
        {
        }
    }

    private async Task<JanusEvent> JoinRoomAsync(CancellationToken ct)
    {
        var join = () => _publisher.RequestAsync(
            new JsonObject { ["request"] = "join", ["ptype"] = "publisher", ["room"] = Room, ["display"] = DisplayName }, cancellationToken: ct);
        try
        {
            return await join().ConfigureAwait(false);
        }
        catch (JanusException ex) when (ex.Code == 426)
        {
            // No such room: create it. Several participants may race here; "already exists" (427) is fine.
        }

        try
        {
            await _publisher.RequestAsync(new JsonObject
            {
                ["request"] = "create",
                ["room"] = Room,
                ["description"] = "scalemeet-load",
                ["publishers"] = RoomPublishers,
                ["videocodec"] = "vp8",
                ["audiocodec"] = "opus",
            }, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (JanusException ex) when (ex.Code == 427)
        {
        }

        return await join().ConfigureAwait(false);
    }

    private async Task PublishAsync(SyntheticTracks tracks, SyntheticTransportOptions? options, CancellationToken ct)
    {
        var transport = new SyntheticTransport(options) { AnswerChecks = true };
        Publish = transport;
        Tracks = tracks;
        var offer = JanusSdp.PublishOffer(transport, tracks);
        var reply = await _publisher.RequestAsync(new JsonObject { ["request"] = "publish" }, "offer", offer, ct).ConfigureAwait(false);
        if (reply.JsepType != "answer" || reply.JsepSdp is not { } answer)
        {
            throw new JanusException(0, "publish: the reply carries no SDP answer: " + reply.Message.ToJsonString());
        }

        await transport.ConnectAsync(RemoteTransportParameters.FromSdp(answer), ct).ConfigureAwait(false);
    }

    private async Task PublisherEventsAsync(CancellationToken stop)
    {
        try
        {
            await foreach (var janusEvent in _publisher.Events.ReadAllAsync(stop).ConfigureAwait(false))
            {
                switch (janusEvent.Kind)
                {
                    case "webrtcup":
                        _publishUp = true;
                        break;
                    case "hangup":
                        _errors.Enqueue($"publisher handle: hangup ({janusEvent.Message["reason"]?.GetValue<string>() ?? "no reason"})");
                        break;
                    case "event" when janusEvent.Data is { } data:
                        OnPublisherEvent(data);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private void OnPublisherEvent(JsonObject data)
    {
        if (data["error_code"] is not null)
        {
            _errors.Enqueue($"publisher handle: {data.ToJsonString()}");
            return;
        }

        OnPublishers(data["publishers"] as JsonArray);
        foreach (var key in (ReadOnlySpan<string>)["unpublished", "leaving", "kicked"])
        {
            // Our own "unpublished": "ok" / "leaving": "ok" are strings; another publisher's are its id.
            if (data[key] is JsonValue value && value.TryGetValue<long>(out var feed))
            {
                _subscription?.Drop(feed);
            }
        }
    }

    private void OnPublishers(JsonArray? publishers)
    {
        if (publishers is null || _subscription is null)
        {
            return;
        }

        var feeds = publishers.OfType<JsonObject>()
            .Select(p => p["id"]?.GetValue<long>() ?? 0)
            .Where(id => id != 0 && id != FeedId)
            .ToArray();
        if (feeds.Length > 0)
        {
            _subscription.Want(feeds);
        }
    }
}
