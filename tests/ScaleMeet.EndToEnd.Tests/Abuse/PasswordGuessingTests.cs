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

        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var text = await http.GetStringAsync("/metrics");
        Assert.Contains("\nscalemeet_focus_join_failures_total{reason=\"wrong_password\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("\nscalemeet_focus_join_failures_total{reason=\"password_attempts_exceeded\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nscalemeet_focus_signaling_errors_total{code=\"not_moderator\"} 1\n", text, StringComparison.Ordinal);
    }
}
