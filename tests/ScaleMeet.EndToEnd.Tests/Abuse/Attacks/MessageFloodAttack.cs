using System.Diagnostics;
using System.Net.WebSockets;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using ScaleMeet.LoadTest.Signaling;

namespace ScaleMeet.EndToEnd.Tests.Abuse.Attacks;

/// <summary>
/// A joined participant floods its signaling connection with pings as fast as the socket takes them, while a second
/// participant in the same room pings every 50 ms. Expected: the flooder's burst is answered, then its messages get
/// <c>rate_limited</c> errors carrying their own request ids (no message both answered and refused), then the server
/// closes it with 1008 and a reason; the server counts exactly those errors and one disconnect; the second
/// participant's every ping is answered within <see cref="PromptPong"/>, it sees the flooder leave, and stays connected.
/// Assumes the server's burst plus refusals-before-disconnect stay below its send queue (defaults: 100 + 50 &lt; 256).
/// </summary>
internal sealed class MessageFloodAttack : IHostileAttack
{
    /// <summary>The bound on a bystander's ping round trip during the flood (loopback; generous for two busy cores).</summary>
    public static readonly TimeSpan PromptPong = TimeSpan.FromMilliseconds(500);

    private const int MaxMessages = 20_000;
    private const string RateLimitedErrors = "scalemeet_focus_signaling_errors_total{code=\"rate_limited\"}";
    private const string Disconnects = "scalemeet_server_rate_limit_disconnects_total";

    public string Name => "message-flood";

    /// <summary>What the last run saw (for test output): messages sent, answered, refused; the bystander's slowest ping.</summary>
    public string Summary { get; private set; } = "not run";

    public async Task RunAsync(AbuseTarget target, CancellationToken cancellationToken)
    {
        var errorsBefore = await PrometheusScrape.RequireAsync(target.ServerUri, RateLimitedErrors, cancellationToken);
        var disconnectsBefore = await PrometheusScrape.RequireAsync(target.ServerUri, Disconnects, cancellationToken);

        await using var bystander = await SignalingClient.ConnectAsync(target.ServerUri, cancellationToken);
        await bystander.SendAsync(new JoinMessage(target.Room, "Bystander"), cancellationToken);
        await NextAsync<JoinedMessage>(bystander, cancellationToken);
        await using var flooder = await SignalingClient.ConnectAsync(target.ServerUri, cancellationToken);
        await flooder.SendAsync(new JoinMessage(target.Room, "Flooder"), cancellationToken);
        var flooderId = (await NextAsync<JoinedMessage>(flooder, cancellationToken)).ParticipantId;

        using var floodOver = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var bystanderResult = new BystanderPings();
        var pinging = PingEvery50MsAsync(bystander, bystanderResult, floodOver.Token);
        var replies = ReadRepliesAsync(flooder, cancellationToken);
        var sent = await FloodAsync(flooder, replies, cancellationToken);
        var (pongs, refusedIds) = await replies.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

        // The bystander goes on until it has seen the flooder leave and answered pings after the flood too.
        var answeredAtClose = bystanderResult.Pongs;
        await Eventually.WaitForAsync(() => Task.FromResult((Pongs: Volatile.Read(ref bystanderResult.Pongs), SawLeave: bystanderResult.Left.Contains(flooderId))),
            b => b.Pongs >= answeredAtClose + 5 && b.SawLeave, TimeSpan.FromSeconds(20), "the bystander seeing the flooder leave and pinging on");
        await floodOver.CancelAsync();
        await pinging;
        Summary = $"flooder sent {sent} pings: {pongs.Count} answered, {refusedIds.Count} rate_limited, then closed " +
            $"{(int?)flooder.CloseStatus} '{flooder.CloseStatusDescription}'; bystander {bystanderResult.Pongs}/{bystanderResult.Pings} pings answered, " +
            $"slowest {bystanderResult.Slowest.TotalMilliseconds:0.0} ms";

        Assert.True(pongs.Count > 0, "the burst was served");
        Assert.True(refusedIds.Count > 0, $"no rate_limited among the replies to {sent} messages");
        Assert.All(refusedIds, id => Assert.InRange(id, 2, sent + 1));
        Assert.Empty(pongs.Intersect(refusedIds));
        Assert.Equal(refusedIds.Count, refusedIds.Distinct().Count());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, flooder.CloseStatus);
        Assert.StartsWith("message rate limit exceeded", flooder.CloseStatusDescription, StringComparison.Ordinal);
        Assert.Equal(refusedIds.Count, await PrometheusScrape.RequireAsync(target.ServerUri, RateLimitedErrors, cancellationToken) - errorsBefore);
        Assert.Equal(1, await PrometheusScrape.RequireAsync(target.ServerUri, Disconnects, cancellationToken) - disconnectsBefore);

        Assert.Equal(bystanderResult.Pings, bystanderResult.Pongs);
        Assert.True(bystanderResult.Slowest <= PromptPong, $"a bystander ping took {bystanderResult.Slowest.TotalMilliseconds:0} ms");
        Assert.Contains(flooderId, bystanderResult.Left);
        Assert.Null(bystander.CloseStatus);
    }

    /// <summary>
    /// Sends pings (request ids 2, 3, …: the join took 1) until the server closes the socket (or <see cref="MaxMessages"/>);
    /// returns how many went out.
    /// </summary>
    private static async Task<int> FloodAsync(SignalingClient flooder, Task replies, CancellationToken cancellationToken)
    {
        var sent = 0;
        try
        {
            while (sent < MaxMessages && !replies.IsCompleted)
            {
                await flooder.SendAsync(new PingMessage(), cancellationToken);
                sent++;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException)
        {
            // The server closed the connection under the sender.
        }

        return sent;
    }

    /// <summary>Reads the flooder's replies until the server closes it: request ids answered by pong and refused with rate_limited.</summary>
    private static async Task<(List<int> Pongs, List<int> Refused)> ReadRepliesAsync(SignalingClient flooder, CancellationToken cancellationToken)
    {
        var pongs = new List<int>();
        var refused = new List<int>();
        await foreach (var message in flooder.Messages.ReadAllAsync(cancellationToken))
        {
            switch (message)
            {
                case PongMessage { RequestId: { } id }:
                    pongs.Add(id);
                    break;
                case ErrorMessage { Code: SignalingErrorCodes.RateLimited, RequestId: { } id }:
                    refused.Add(id);
                    break;
                case ErrorMessage error:
                    throw new Xunit.Sdk.XunitException($"the flooder got {error.Code}: {error.Message}");
            }
        }

        return (pongs, refused);
    }

    /// <summary>Pings the bystander sent and got answered, the slowest round trip, and who it saw leave (updated as it goes).</summary>
    private static async Task PingEvery50MsAsync(SignalingClient bystander, BystanderPings result, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                var id = await bystander.SendAsync(new PingMessage(), CancellationToken.None);
                Interlocked.Increment(ref result.Pings);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await foreach (var message in bystander.Messages.ReadAllAsync(wait.Token))
                {
                    if (message is ParticipantLeftMessage gone)
                    {
                        result.Left.Add(gone.ParticipantId);
                    }
                    else if (message is PongMessage pong && pong.RequestId == id)
                    {
                        var took = Stopwatch.GetElapsedTime(started);
                        result.Slowest = took > result.Slowest ? took : result.Slowest;
                        Interlocked.Increment(ref result.Pongs);
                        break;
                    }
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private static async Task<T> NextAsync<T>(SignalingClient client, CancellationToken cancellationToken)
        where T : SignalingMessage
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        await foreach (var message in client.Messages.ReadAllAsync(timeout.Token))
        {
            switch (message)
            {
                case T wanted:
                    return wanted;
                case ErrorMessage error:
                    throw new Xunit.Sdk.XunitException($"the server refused: {error.Code}: {error.Message}");
            }
        }

        throw new Xunit.Sdk.XunitException($"the connection closed before '{typeof(T).Name}'");
    }

    /// <summary>The bystander's figures, written by its ping loop and read by the attack (counts atomically).</summary>
    private sealed class BystanderPings
    {
        public int Pings;

        public int Pongs;

        public TimeSpan Slowest;

        public System.Collections.Concurrent.ConcurrentBag<string> Left { get; } = [];
    }
}
