using System.Net;
using System.Net.WebSockets;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using ScaleMeet.LoadTest.Signaling;

namespace ScaleMeet.EndToEnd.Tests.Abuse.Attacks;

/// <summary>
/// 200 signaling sockets from one address (a loopback address of its own, 127.0.0.x, that nobody else uses). Expected:
/// exactly the per-address cap the server publishes (<c>scalemeet_server_connection_limit{scope="address"}</c>) is
/// admitted — each answers a ping — and every other socket is closed with 1013 and a reason naming the cap, counted
/// under <c>address_connection_limit</c>; meanwhile a normal participant from another address joins, publishes and
/// connects its media. Afterwards every socket is closed and the server holds as many connections as before.
/// </summary>
internal sealed class ConnectionFloodAttack : IHostileAttack
{
    private const int Sockets = 200;
    private const string AddressRefusals = "scalemeet_server_signaling_refused_total{reason=\"address_connection_limit\"}";
    private const string ServerRefusals = "scalemeet_server_signaling_refused_total{reason=\"connection_limit\"}";
    private const string Connections = "scalemeet_server_signaling_connections";

    public string Name => "connection-flood";

    /// <summary>What the last run saw (for test output).</summary>
    public string Summary { get; private set; } = "not run";

    public async Task RunAsync(AbuseTarget target, CancellationToken cancellationToken)
    {
        var cap = (int)await PrometheusScrape.RequireAsync(target.ServerUri, "scalemeet_server_connection_limit{scope=\"address\"}", cancellationToken);
        var serverCap = (int)await PrometheusScrape.RequireAsync(target.ServerUri, "scalemeet_server_connection_limit{scope=\"server\"}", cancellationToken);
        var connectionsBefore = (int)await PrometheusScrape.RequireAsync(target.ServerUri, Connections, cancellationToken);
        var addressRefusalsBefore = await PrometheusScrape.RequireAsync(target.ServerUri, AddressRefusals, cancellationToken);
        var serverRefusalsBefore = await PrometheusScrape.RequireAsync(target.ServerUri, ServerRefusals, cancellationToken);
        Assert.True(cap < Sockets, $"the per-address cap ({cap}) must be below {Sockets} for this attack to reach it");
        Assert.True(connectionsBefore + cap + 1 < serverCap, $"the server cap ({serverCap}) must leave room for {cap} more connections and a participant");

        var from = IPAddress.Parse($"127.0.0.{Random.Shared.Next(10, 250)}");
        var clients = new List<SignalingClient>();
        try
        {
            clients.AddRange(await Task.WhenAll(Enumerable.Range(0, Sockets).Select(_ => SignalingClient.ConnectAsync(target.ServerUri, from, cancellationToken))));
            var outcomes = await Task.WhenAll(clients.Select(c => PingOrCloseAsync(c, cancellationToken)));

            var admitted = outcomes.Count(o => o == "pong");
            var refused = outcomes.Where(o => o != "pong").ToArray();
            Assert.Equal(cap, admitted);
            Assert.Equal(Sockets - cap, refused.Length);
            Assert.All(refused, o => Assert.Equal($"1013: your address holds its maximum of {cap} connections; close one or try again later", o));
            Assert.Equal(Sockets - cap, await PrometheusScrape.RequireAsync(target.ServerUri, AddressRefusals, cancellationToken) - addressRefusalsBefore);
            Assert.Equal(0, await PrometheusScrape.RequireAsync(target.ServerUri, ServerRefusals, cancellationToken) - serverRefusalsBefore);
            Assert.Equal(connectionsBefore + cap, (int)await PrometheusScrape.RequireAsync(target.ServerUri, Connections, cancellationToken));
            Summary = $"{Sockets} sockets from {from}: {admitted} admitted (cap {cap}), {refused.Length} closed '{refused[0]}'";

            // Someone else still gets in, all the way to media, while the flood holds its sockets.
            await using (var normal = await SignalingParticipant.JoinAsync(target.ServerUri, target.Room, "Normal participant", cancellationToken: cancellationToken))
            {
                Assert.False(string.IsNullOrEmpty(normal.ParticipantId));
                Assert.Empty(normal.Errors);
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }

        await Eventually.WaitForAsync(() => PrometheusScrape.RequireAsync(target.ServerUri, Connections, CancellationToken.None), n => (int)n == connectionsBefore,
            TimeSpan.FromSeconds(20), "the server freeing the flood's connections");
    }

    /// <summary>"pong" when the socket answers a ping; "status: reason" when the server closes it instead.</summary>
    private static async Task<string> PingOrCloseAsync(SignalingClient client, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        int id;
        try
        {
            id = await client.SendAsync(new PingMessage(), timeout.Token);
        }
        catch (WebSocketException)
        {
            id = -1;
        }

        await foreach (var message in client.Messages.ReadAllAsync(timeout.Token))
        {
            if (message is PongMessage pong && pong.RequestId == id)
            {
                return "pong";
            }
        }

        return $"{(int?)client.CloseStatus}: {client.CloseStatusDescription}";
    }
}
