using ScaleMeet.EndToEnd.Tests.Abuse.Attacks;
using ScaleMeet.EndToEnd.Tests.Infrastructure;

namespace ScaleMeet.EndToEnd.Tests.Abuse;

/// <summary>The password-guessing attack against a fresh server with the default settings (3 attempts per connection).</summary>
public sealed class PasswordGuessingTests
{
    [Fact]
    public async Task PasswordGuessing_DefaultSettings_ClosedAfterThreeGuessesAndCounted()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));

        await new PasswordGuessingAttack().RunAsync(new AbuseTarget(server, "abuse"), timeout.Token);

        var metrics = await PrometheusScrape.ReadAsync(server);
        Assert.Equal(2, metrics.Require("scalemeet_focus_join_failures_total{reason=\"wrong_password\"}"));
        Assert.Equal(1, metrics.Require("scalemeet_focus_join_failures_total{reason=\"password_attempts_exceeded\"}"));
        Assert.Equal(1, metrics.Require("scalemeet_focus_signaling_errors_total{code=\"not_moderator\"}"));
    }
}
