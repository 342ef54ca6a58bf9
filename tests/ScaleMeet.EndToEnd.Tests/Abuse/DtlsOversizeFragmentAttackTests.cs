using ScaleMeet.EndToEnd.Tests.Abuse.Attacks;
using ScaleMeet.EndToEnd.Tests.Infrastructure;

namespace ScaleMeet.EndToEnd.Tests.Abuse;

/// <summary>Runs <see cref="DtlsOversizeFragmentAttack"/> against a fresh server.</summary>
public sealed class DtlsOversizeFragmentAttackTests
{
    [Fact]
    public async Task OversizeAndSplinteredHandshakeFragments_AgainstRealServer_DroppedWithinTheCapAndServerStillServes()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        await new DtlsOversizeFragmentAttack().RunAsync(new AbuseTarget(server, "abuse-dtls"), timeout.Token);
    }
}
