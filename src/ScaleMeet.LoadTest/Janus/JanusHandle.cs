using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace ScaleMeet.LoadTest.Janus;

/// <summary>
/// A handle attached to a Janus plugin. <see cref="RequestAsync"/> sends a plugin message (with an optional JSEP)
/// and returns its final reply — the synchronous <c>success</c> or the asynchronous <c>event</c> that carries the
/// same transaction, after Janus's <c>ack</c>. Everything else about the handle (unsolicited plugin events, offers
/// Janus makes on its own, <c>webrtcup</c>, <c>media</c>, <c>hangup</c>) arrives in <see cref="Events"/>.
/// <para>Threading: requests from any thread; <see cref="Events"/> has one reader.</para>
/// </summary>
public sealed class JanusHandle
{
    private readonly JanusClient _client;
    private readonly Channel<JanusEvent> _events = Channel.CreateUnbounded<JanusEvent>(new UnboundedChannelOptions { SingleReader = true });

    internal JanusHandle(JanusClient client, long id)
    {
        _client = client;
        Id = id;
    }

    public long Id { get; }

    /// <summary>Unsolicited messages about this handle, in order; completes when the session's socket closes or on detach.</summary>
    public ChannelReader<JanusEvent> Events => _events.Reader;

    /// <summary>
    /// Sends <paramref name="body"/> (a plugin request) with an optional JSEP; returns the reply. Throws
    /// <see cref="JanusException"/> for core errors and for plugin errors (<c>error_code</c> in the reply).
    /// A JSEP is sent with <c>trickle: false</c>: our SDPs carry their candidate and a=end-of-candidates.
    /// </summary>
    public async Task<JanusEvent> RequestAsync(JsonObject body, string? jsepType = null, string? jsepSdp = null, CancellationToken cancellationToken = default)
    {
        var message = new JsonObject { ["janus"] = "message", ["handle_id"] = Id, ["body"] = body };
        if (jsepType is not null)
        {
            // rid_order "lmh": our simulcast rids are listed lowest first, as Chrome lists them (Janus assumes "hml").
            message["jsep"] = new JsonObject { ["type"] = jsepType, ["sdp"] = jsepSdp, ["trickle"] = false, ["rid_order"] = "lmh" };
        }

        var reply = await _client.SessionRequestAsync(message, cancellationToken).ConfigureAwait(false);
        var result = new JanusEvent(reply["janus"]?.GetValue<string>() ?? string.Empty, reply);
        if (result.PluginError is { } error)
        {
            throw error;
        }

        return result;
    }

    /// <summary>Tells Janus there are no (more) candidates from us: <c>trickle</c> with <c>{completed: true}</c>.</summary>
    public Task TrickleCompletedAsync(CancellationToken cancellationToken = default) =>
        _client.SessionRequestAsync(
            new JsonObject { ["janus"] = "trickle", ["handle_id"] = Id, ["candidate"] = new JsonObject { ["completed"] = true } },
            cancellationToken, ackIsFinal: true);

    /// <summary>Detaches from the plugin (Janus hangs up the handle's PeerConnection).</summary>
    public async Task DetachAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.SessionRequestAsync(new JsonObject { ["janus"] = "detach", ["handle_id"] = Id }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _client.Forget(Id);
            Complete();
        }
    }

    internal void Post(JanusEvent janusEvent) => _events.Writer.TryWrite(janusEvent);

    internal void Complete() => _events.Writer.TryComplete();
}
