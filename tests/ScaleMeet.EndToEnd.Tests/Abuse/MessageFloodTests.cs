using ScaleMeet.EndToEnd.Tests.Abuse.Attacks;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScaleMeet.EndToEnd.Tests.Abuse;

/// <summary>The message flood against a fresh server with the default rate limit (20 messages/s, bursts of 100).</summary>
public sealed class MessageFloodTests(ITestOutputHelper output)
{
    [Fact]
    public async Task MessageFlood_FreshServer_RateLimitedThenDisconnectedAndBystanderUnaffected()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        var attack = new MessageFloodAttack();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        try
        {
            await attack.RunAsync(new AbuseTarget(server, "flood-room"), timeout.Token);
        }
        finally
        {
            output.WriteLine(attack.Summary);
            output.WriteLine(string.Join('\n', server.Output.Split('\n').TakeLast(20)));
        }
    }
}
