using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus.Auth;

namespace ScaleMeet.Focus.Tests.Fakes;

/// <summary>A focus with a fake bridge registered, and clients made of a session and a recording connection.</summary>
internal sealed class FocusHarness
{
    public FocusHarness(FocusOptions? options = null, bool registerBridge = true, AuthOptions? auth = null, TimeProvider? time = null,
        ILoggerFactory? loggers = null)
    {
        Focus = new FocusService(options ?? new FocusOptions(), auth ?? new AuthOptions(), loggers ?? NullLoggerFactory.Instance, time ?? TimeProvider.System);
        if (registerBridge)
        {
            Focus.RegisterBridge(Bridge);
        }
    }

    public FocusService Focus { get; }

    public FakeBridge Bridge { get; } = new();

    public TestClient NewClient()
    {
        var connection = new RecordingConnection();
        return new TestClient(Focus.CreateSession(connection), connection);
    }

    /// <summary>A new client that joined <paramref name="room"/>; its <c>joined</c> is consumed and returned.</summary>
    public async Task<(TestClient Client, JoinedMessage Joined)> JoinAsync(string room, string displayName, string? password = null, string? token = null)
    {
        var client = NewClient();
        await client.SendAsync(new JoinMessage(room, displayName, password, token) { RequestId = 1 });
        var joined = await client.Connection.NextAsync<JoinedMessage>();
        return (client, joined);
    }
}

internal sealed record TestClient(SignalingSession Session, RecordingConnection Connection)
{
    private static int s_lastPingId = 1_000_000;

    public Task SendAsync(SignalingMessage message) => Session.HandleAsync(message, CancellationToken.None);

    public Task SendRawAsync(string json) => Session.HandleFrameAsync(Encoding.UTF8.GetBytes(json), CancellationToken.None);

    /// <summary>
    /// Nothing is waiting to be sent to this client: a ping sent now is answered by the very next message. The session
    /// sends in order, so anything the focus had queued for the client before would arrive first (a positive marker,
    /// not a wait that hopes).
    /// </summary>
    public async Task AssertQuietAsync()
    {
        var id = Interlocked.Increment(ref s_lastPingId);
        await SendAsync(new PingMessage { RequestId = id });
        Assert.Equal(id, (await Connection.NextAsync<PongMessage>()).RequestId);
    }
}
