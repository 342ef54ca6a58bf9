using ScaleMeet.Contracts.Control;
using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Focus.Bridges;

/// <summary>
/// Between the browser protocol and the control protocol: the two carry similar facts in their own records, so
/// either can change without the other (a browser field never reaches a bridge by accident).
/// </summary>
internal static class ControlTranslation
{
    public static SubscribeOfferMessage ToSignaling(SubscribeOfferEvent offer) =>
        new(offer.Sdp, offer.Version, offer.Tracks.Select(t => new TrackInfo(t.Mid, t.ParticipantId, t.Kind, t.TrackId)).ToArray());

    /// <summary>The browser's constraints as the bridge reads them (validated by <see cref="SignalingRules"/> first).</summary>
    public static ReceiverVideoConstraints ToControl(ReceiverConstraintsMessage message) =>
        new(message.LastN, message.OnStage, message.DefaultMaxHeight, message.Constraints.ToDictionary(c => c.Key, c => c.Value.MaxHeight, StringComparer.Ordinal));
}
