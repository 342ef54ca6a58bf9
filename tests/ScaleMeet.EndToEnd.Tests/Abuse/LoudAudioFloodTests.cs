using ScaleMeet.EndToEnd.Tests.Abuse.Attacks;
using ScaleMeet.EndToEnd.Tests.Infrastructure;

namespace ScaleMeet.EndToEnd.Tests.Abuse;

/// <summary>The loud-audio-flood attack against a fresh server.</summary>
public sealed class LoudAudioFloodTests
{
    [Fact]
    public async Task ConstantLoudAudioAtTenTimesThePacketRate_RealSpeakerStillBecomesDominant()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await new LoudAudioFloodAttack().RunAsync(new AbuseTarget(server, "abuse-loud-audio"), timeout.Token);
    }
}
