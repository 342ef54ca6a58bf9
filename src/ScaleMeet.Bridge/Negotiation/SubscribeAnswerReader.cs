using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Bridge.Negotiation;

/// <summary>
/// Reads a receiver's subscribe answer. It may have no more sections than the offer it answers, nor more a= lines
/// per part than <see cref="NegotiationOptions.MaxAttributesPerSection"/>: the parser stops at the first line past
/// either. Pure function; runs off the media loop.
/// </summary>
internal static class SubscribeAnswerReader
{
    private const string What = "subscribe answer";

    public static bool TryRead(string sdp, int offeredSections, NegotiationOptions limits, out SubscribeAnswer? answer, out SdpRefusal? refusal)
    {
        answer = null;
        var parseLimits = new SdpLimits(offeredSections, limits.MaxAttributesPerSection);
        if (!SessionDescription.TryParse(sdp, parseLimits, out var description, out var parseError, out var exceeded))
        {
            refusal = exceeded == SdpLimit.MediaSections
                ? new SdpRefusal($"{What}: {parseError}: the offer it answers has {offeredSections}", NegotiationLimit.MediaSections)
                : SdpRefusal.FromParse(What, parseError!, exceeded);
            return false;
        }

        var first = description!.Media.FirstOrDefault(m => m.Port != 0);
        var fingerprint = first?.Fingerprint ?? description.Fingerprint;
        if (fingerprint is not { Algorithm: "sha-256" })
        {
            refusal = new SdpRefusal($"{What}: no a=fingerprint:sha-256");
            return false;
        }

        var setup = first?.Setup ?? description.Setup;
        if (setup is not null and not "active")
        {
            refusal = new SdpRefusal($"{What}: a=setup:{setup}; the bridge offered actpass and must be the DTLS server, so the answer must be active");
            return false;
        }

        answer = new SubscribeAnswer(fingerprint.Value, first?.IceUfrag ?? description.IceUfrag);
        refusal = null;
        return true;
    }
}
