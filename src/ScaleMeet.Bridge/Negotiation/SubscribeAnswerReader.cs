using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Bridge.Negotiation;

/// <summary>What the bridge needs from a receiver's answer: its DTLS fingerprint and ICE ufrag, and that it is the DTLS client.</summary>
internal sealed record SubscribeAnswer(string RemoteFingerprint, string? RemoteUfrag);

internal static class SubscribeAnswerReader
{
    public static bool TryRead(string sdp, out SubscribeAnswer? answer, out string? error)
    {
        answer = null;
        if (!SessionDescription.TryParse(sdp, out var description, out var parseError))
        {
            error = $"subscribe answer: {parseError}";
            return false;
        }

        var first = description!.Media.FirstOrDefault(m => m.Port != 0);
        var fingerprint = first?.Fingerprint ?? description.Fingerprint;
        if (fingerprint is not { Algorithm: "sha-256" })
        {
            error = "subscribe answer: no a=fingerprint:sha-256";
            return false;
        }

        var setup = first?.Setup ?? description.Setup;
        if (setup is not null and not "active")
        {
            error = $"subscribe answer: a=setup:{setup}; the bridge offered actpass and must be the DTLS server, so the answer must be active";
            return false;
        }

        answer = new SubscribeAnswer(fingerprint.Value, first?.IceUfrag ?? description.IceUfrag);
        error = null;
        return true;
    }
}
