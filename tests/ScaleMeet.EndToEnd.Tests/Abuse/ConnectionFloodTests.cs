using ScaleMeet.EndToEnd.Tests.Abuse.Attacks;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScaleMeet.EndToEnd.Tests.Abuse;

/// <summary>The connection flood against a fresh server with the default caps (100 signaling connections per address).</summary>
public sealed class ConnectionFloodTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ConnectionFlood_FreshServer_CappedPerAddressWithReasonAndOthersStillJoin()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        var attack = new ConnectionFloodAttack();
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
