using ScaleMeet.EndToEnd.Tests.Abuse.Attacks;
using ScaleMeet.EndToEnd.Tests.Infrastructure;

namespace ScaleMeet.EndToEnd.Tests.Abuse;

/// <summary>Binding requests from another address, replayed and spoofed, against a fresh real server.</summary>
public sealed class IceAbuseTests
{
    [Fact]
    public async Task SpoofedAndReplayedBindings_AgainstARealServer_MediaAddressDoesNotMove()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        await new SpoofedBindingAttack().RunAsync(new AbuseTarget(server, "abuse-binding"), timeout.Token);
    }
}
