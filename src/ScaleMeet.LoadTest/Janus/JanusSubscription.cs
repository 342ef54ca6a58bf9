using System.Text.Json.Nodes;
using System.Threading.Channels;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.LoadTest.Signaling;

namespace ScaleMeet.LoadTest.Janus;

/// <summary>
/// A participant's one subscribe PeerConnection in a VideoRoom (Janus 1.x multistream): the first wanted feed
/// makes a subscriber handle (<c>join</c> ptype subscriber with <c>streams</c>); later changes are <c>update</c>
/// requests (<c>subscribe</c> / <c>unsubscribe</c> lists). A publisher that goes away is unsubscribed even though
/// Janus usually removes its streams itself (autoupdate): when it left the room before its PeerConnection hung up,
/// Janus skips that offer until the subscriber's next update. Every offer Janus makes — in a reply, postponed
/// (<c>updating</c>, then an event), or on its own — is answered with <c>start</c>.
/// <para>Threading: <see cref="Want"/> and <see cref="Drop"/> may be called from any thread; one worker task does
/// all Janus requests for the subscription, so renegotiations never overlap.</para>
/// </summary>
internal sealed class JanusSubscription
{
    private const string Plugin = "janus.plugin.videoroom";

    private readonly JanusClient _client;
    private readonly long _room;
    private readonly long _privateId;
    private readonly SubscribeOfferHandler _configureTransport;
    private readonly SyntheticTransportOptions? _options;
    private readonly Action<string> _error;
    private readonly Channel<JanusEvent?> _inbox = Channel.CreateUnbounded<JanusEvent?>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object _lock = new();
    private readonly HashSet<long> _wanted = [];
    private readonly HashSet<long> _requested = [];
    private readonly HashSet<long> _unsubscribe = [];
    private IReadOnlyList<JanusSubscribedStream> _streams = [];
    private Task _pump = Task.CompletedTask;
    private Task _connect = Task.CompletedTask;
    private Task _worker = Task.CompletedTask;

    public JanusSubscription(JanusClient client, long room, long privateId, SubscribeOfferHandler configureTransport,
        SyntheticTransportOptions? options, Action<string> error)
    {
        _client = client;
        _room = room;
        _privateId = privateId;
        _configureTransport = configureTransport;
        _options = options;
        _error = error;
    }

    public JanusHandle? Handle { get; private set; }

    /// <summary>The subscribe transport, from Janus's first offer on.</summary>
    public SyntheticTransport? Transport { get; private set; }

    /// <summary>The active streams, as of the latest offer answered.</summary>
    public IReadOnlyList<JanusSubscribedStream> Streams
    {
        get
        {
            lock (_lock)
            {
                return _streams;
            }
        }
    }

    /// <summary>Number of offers answered (the first one and every renegotiation).</summary>
    public int OffersAnswered { get; private set; }

    public void Start(CancellationToken stop) => _worker = Task.Run(() => RunAsync(stop), CancellationToken.None);

    /// <summary>Wants the streams of <paramref name="feeds"/> (publishers that are up).</summary>
    public void Want(IEnumerable<long> feeds)
    {
        lock (_lock)
        {
            _wanted.UnionWith(feeds);
            _unsubscribe.ExceptWith(_wanted);
        }

        _inbox.Writer.TryWrite(null);
    }

    /// <summary>No longer wants <paramref name="feed"/> (it unpublished or left).</summary>
    public void Drop(long feed)
    {
        lock (_lock)
        {
            _wanted.Remove(feed);
            if (_requested.Remove(feed))
            {
                _unsubscribe.Add(feed);
            }
        }

        _inbox.Writer.TryWrite(null);
    }

    /// <summary>Stops the worker and waits for it (and for a connect in progress).</summary>
    public async Task StopAsync()
    {
        _inbox.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
        await _connect.ConfigureAwait(false);
    }

    private async Task RunAsync(CancellationToken stop)
    {
        try
        {
            await foreach (var item in _inbox.Reader.ReadAllAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    if (item is null)
                    {
                        await ReconcileAsync(stop).ConfigureAwait(false);
                    }
                    else
                    {
                        await OnEventAsync(item, stop).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is JanusException or FormatException or InvalidOperationException)
                {
                    _error($"subscription: {ex.Message}");
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task ReconcileAsync(CancellationToken stop)
    {
        while (true)
        {
            long[] add, remove;
            lock (_lock)
            {
                add = _wanted.Except(_requested).Order().ToArray();

                // Feeds whose streams Janus already removed (autoupdate offer answered) need no request.
                _unsubscribe.IntersectWith(_streams.Select(s => s.FeedId));
                remove = _unsubscribe.Order().ToArray();
            }

            if (add.Length == 0 && (remove.Length == 0 || Handle is null))
            {
                return;
            }

            try
            {
                await UpdateAsync(add, remove, stop).ConfigureAwait(false);
                lock (_lock)
                {
                    _requested.UnionWith(add.Where(_wanted.Contains));
                    _unsubscribe.ExceptWith(remove);
                }
            }
            catch (JanusException ex) when (ex.Code == 428 && JanusSdp.TryReadMissingFeed(ex.Reason, out var gone))
            {
                // The feed went away between its announcement and our request; its "leaving" may still be in flight.
                lock (_lock)
                {
                    _wanted.Remove(gone);
                    _requested.Remove(gone);
                }
            }
        }
    }

    private async Task UpdateAsync(long[] add, long[] remove, CancellationToken stop)
    {
        static JsonArray Streams(long[] feeds) => new(feeds.Select(f => (JsonNode)new JsonObject { ["feed"] = f }).ToArray());

        JanusEvent reply;
        if (Handle is null)
        {
            var handle = await _client.AttachAsync(Plugin, stop).ConfigureAwait(false);
            Handle = handle;
            _pump = Task.Run(() => PumpAsync(handle, stop), CancellationToken.None);
            reply = await handle.RequestAsync(new JsonObject
            {
                ["request"] = "join",
                ["ptype"] = "subscriber",
                ["room"] = _room,
                ["private_id"] = _privateId,
                ["streams"] = Streams(add),
            }, cancellationToken: stop).ConfigureAwait(false);
        }
        else
        {
            var body = new JsonObject { ["request"] = "update" };
            if (add.Length > 0)
            {
                body["subscribe"] = Streams(add);
            }

            if (remove.Length > 0)
            {
                body["unsubscribe"] = Streams(remove);
            }

            reply = await Handle.RequestAsync(body, cancellationToken: stop).ConfigureAwait(false);
        }

        // "updating" (no JSEP): Janus postponed the offer behind a renegotiation in progress; it comes as an event.
        await OnEventAsync(reply, stop).ConfigureAwait(false);
    }

    private async Task PumpAsync(JanusHandle handle, CancellationToken stop)
    {
        try
        {
            await foreach (var janusEvent in handle.Events.ReadAllAsync(stop).ConfigureAwait(false))
            {
                _inbox.Writer.TryWrite(janusEvent);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task OnEventAsync(JanusEvent janusEvent, CancellationToken stop)
    {
        if (janusEvent.Kind is "hangup" or "detached")
        {
            _error($"subscriber handle: {janusEvent.Kind} ({janusEvent.Message["reason"]?.GetValue<string>() ?? "no reason"})");
            return;
        }

        if (janusEvent.PluginError is { } error)
        {
            _error($"subscriber handle: {error.Message}");
            return;
        }

        if (janusEvent.JsepType == "offer" && janusEvent.JsepSdp is { } offer)
        {
            await AnswerAsync(offer, janusEvent.Data?["streams"] as JsonArray, stop).ConfigureAwait(false);
        }
    }

    private async Task AnswerAsync(string offer, JsonArray? layout, CancellationToken stop)
    {
        var handle = Handle ?? throw new InvalidOperationException("an offer before the subscriber handle exists");
        var transport = Transport;
        if (transport is null)
        {
            transport = new SyntheticTransport(_options) { AnswerChecks = true };
            Transport = transport;
        }

        var answer = JanusSdp.SubscribeAnswer(transport, offer);
        await handle.RequestAsync(new JsonObject { ["request"] = "start" }, "answer", answer, stop).ConfigureAwait(false);
        OffersAnswered++;
        _configureTransport(transport, offer);
        if (layout is not null)
        {
            var ssrcs = JanusSdp.SsrcsByMid(offer);
            var streams = new List<JanusSubscribedStream>();
            foreach (var node in layout.OfType<JsonObject>())
            {
                if (node["active"]?.GetValue<bool>() == false || node["feed_id"] is not { } feed || node["mid"]?.GetValue<string>() is not { } mid)
                {
                    continue;
                }

                streams.Add(new JanusSubscribedStream(mid, node["type"]?.GetValue<string>() ?? "?", feed.GetValue<long>(),
                    node["feed_mid"]?.GetValue<string>(), ssrcs.GetValueOrDefault(mid)));
            }

            lock (_lock)
            {
                _streams = streams;
            }
        }

        if (transport.State == SyntheticTransportState.New)
        {
            var remote = RemoteTransportParameters.FromSdp(offer);
            _connect = ConnectAsync(transport, remote, stop);
        }
    }

    private async Task ConnectAsync(SyntheticTransport transport, RemoteTransportParameters remote, CancellationToken stop)
    {
        try
        {
            await transport.ConnectAsync(remote, stop).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or Media.Dtls.DtlsHandshakeException or InvalidOperationException)
        {
            if (!stop.IsCancellationRequested)
            {
                _error($"subscribe transport: {ex.Message}");
            }
        }
    }
}
