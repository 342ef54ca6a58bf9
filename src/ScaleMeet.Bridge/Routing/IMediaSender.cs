using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Transport;

namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// Whom a producer's media comes from, as the producer sees it: a participant on this bridge (an
/// <see cref="Endpoint"/>, its publish connection upstream) or, with relays, a participant on another bridge (the
/// relay upstream). Producers send keyframe requests to <see cref="Upstream"/> and free their SSRCs there when they
/// close; nothing in a producer assumes a browser behind it. Loop thread only.
/// </summary>
internal interface IMediaSender
{
    /// <summary>The sender's endpoint id: receivers' constraints, speaker events and sender constraints name it.</summary>
    string Id { get; }

    Conference Conference { get; }

    /// <summary>Where the sender's media arrives and feedback to it goes; null before that transport exists.</summary>
    IMediaTransport? Upstream { get; }

    /// <summary>The sender's tracks.</summary>
    List<Producer> Producers { get; }

    /// <summary>The sender's encodings by SSRC (RTX SSRCs included), for its incoming packets and reports.</summary>
    Dictionary<uint, ProducerLayer> LayersBySsrc { get; }
}
