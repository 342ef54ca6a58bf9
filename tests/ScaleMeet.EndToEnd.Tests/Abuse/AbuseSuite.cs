using Microsoft.Playwright;
using ScaleMeet.EndToEnd.Tests.Abuse.Attacks;

namespace ScaleMeet.EndToEnd.Tests.Abuse;

/// <summary>Every attack of the abuse suite, in the order <see cref="HostileNeighbourTests"/> runs them.</summary>
internal static class AbuseSuite
{
    /// <param name="browser">The Chromium that watches the attacks that need a real receiver (an SSRC change).</param>
    public static IReadOnlyList<IHostileAttack> All(IBrowser browser) =>
    [
        new RidFloodAttack(),
        new SectionFloodAttack(),
        new MaximalPublisherAttack(),
        new DtlsOversizeFragmentAttack(),
        new NackStormAttack(),
        new TransportCcFloodAttack(),
        new SpoofedBindingAttack(),
        new SsrcChangeAttack(browser),
        new LoudAudioFloodAttack(),
        new PasswordGuessingAttack(),
        new MessageFloodAttack(),
        new ConnectionFloodAttack(),
        new SilentDtlsAttack(),
    ];
}
