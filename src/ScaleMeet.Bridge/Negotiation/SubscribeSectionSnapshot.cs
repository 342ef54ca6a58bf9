using ScaleMeet.Bridge.Routing;

namespace ScaleMeet.Bridge.Negotiation;

/// <summary>
/// One section of a subscribe offer as the loop saw it: the track of <paramref name="SenderId"/>'s producer
/// <paramref name="ProducerMid"/> with the receiver's SSRCs, or an inactive section (<paramref name="SenderId"/> null).
/// </summary>
internal sealed record SubscribeSectionSnapshot(string Mid, MediaKind Kind, string? SenderId, string? ProducerMid, uint Ssrc, uint RtxSsrc)
{
    public bool IsActive => SenderId is not null;

    /// <summary>The track id the offer gives the track (<c>a=msid</c> and <c>tracks[]</c>).</summary>
    public string TrackId => $"{SenderId}-{ProducerMid}";
}
