using ScaleMeet.EndToEnd.Tests.Abuse.Attacks;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScaleMeet.EndToEnd.Tests.Abuse;

/// <summary>Runs <see cref="SilentDtlsAttack"/> against a fresh server, and waits for the silent handshakes to expire.</summary>
public sealed class SilentDtlsAttackTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SilentHandshakesFromOneAddress_AgainstRealServer_OthersConnectMeanwhileAndTheSilentOnesAreCounted()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var attack = new SilentDtlsAttack(waitForSilence: true);

        await attack.RunAsync(new AbuseTarget(server, "abuse-silent-dtls"), timeout.Token);

        output.WriteLine($"ordinary pair connected and got media in {attack.HonestTime.TotalMilliseconds:0} ms while "
            + $"{SilentDtlsAttack.SilentTransports} silent handshakes were on the pool; they were gone after {attack.SilentExpiryTime.TotalSeconds:0.0} s "
            + $"({attack.Outcome.Silent} silent, {attack.Outcome.Refused} refused)");
    }
}
