using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Transport;

namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// Whom a consumer forwards to, as the consumer sees it: a participant on this bridge (an <see cref="Endpoint"/>, its
/// subscribe connection downstream) or, with relays, the bridges behind a relay. A consumer sends on
/// <see cref="Downstream"/> and tells the receiver when it closes; nothing in a consumer assumes a browser.
/// Loop thread only.
/// </summary>
internal interface IMediaReceiver
{
    string Id { get; }

    Conference Conference { get; }

    /// <summary>Where the consumer's packets go; null before that transport exists.</summary>
    IMediaTransport? Downstream { get; }

    /// <summary>The last round-trip time measured to the receiver; null before any (paces retransmissions).</summary>
    TimeSpan? RoundTrip { get; }

    /// <summary>A consumer of this receiver closed (<see cref="Consumer.Close"/>): what the receiver kept for it goes.</summary>
    void OnConsumerClosed(Consumer consumer);
}
