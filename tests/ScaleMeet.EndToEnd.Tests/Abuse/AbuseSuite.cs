using Microsoft.Playwright;
using ScaleMeet.EndToEnd.Tests.Abuse.Attacks;
using ScaleMeet.EndToEnd.Tests.Infrastructure;

namespace ScaleMeet.EndToEnd.Tests.Abuse;

/// <summary>Every attack of the abuse suite, in the order <see cref="HostileNeighbourTests"/> runs them.</summary>
internal static class AbuseSuite
{
    /// <param name="browser">The Chromium that watches the attacks that need a real receiver (an SSRC change).</param>
    /// <param name="viewer">A Chromium page already in the attacked room to watch with, or null to join one per attack.</param>
    public static IReadOnlyList<IHostileAttack> All(IBrowser browser, MeetingPage? viewer = null) =>
    [
        new RidFloodAttack(),
        new SectionFloodAttack(),
        new MaximalPublisherAttack(),
        new DtlsOversizeFragmentAttack(),
        new NackStormAttack(),
        new TransportCcFloodAttack(),
        new SpoofedBindingAttack(),
        new SsrcChangeAttack(browser, viewer),
        new LoudAudioFloodAttack(),
        new PasswordGuessingAttack(),
        new MessageFloodAttack(),
        new ConnectionFloodAttack(),
        new SilentDtlsAttack(),
    ];
}
