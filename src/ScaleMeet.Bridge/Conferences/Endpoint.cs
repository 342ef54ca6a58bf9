using System.Security.Cryptography;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Bridge.Transport;
using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Bridge.Conferences;

/// <summary>
/// One participant on this bridge: a publish transport (its tracks in), a subscribe transport (everyone
/// else's tracks out), its producers and the consumers it receives. Loop thread only.
/// </summary>
internal sealed class Endpoint(Conference conference, string id, string displayName)
{
    /// <summary>What a receiver gets before it sends its first constraints: every source, 180p-class.</summary>
    public static readonly ReceiverConstraintsMessage DefaultConstraints = new(-1, [], 180, new Dictionary<string, VideoConstraint>());

    public Conference Conference { get; } = conference;

    public string Id { get; } = id;

    public string DisplayName { get; } = displayName;

    public WebRtcTransport? Publish { get; set; }

    public WebRtcTransport? Subscribe { get; set; }

    /// <summary>Encodings this participant sends, by SSRC (RTX SSRCs included).</summary>
    public Dictionary<uint, ProducerLayer> LayersBySsrc { get; } = [];

    public List<Producer> Producers { get; } = [];

    /// <summary>Header extension ids on the publish transport (0 when not negotiated), to learn simulcast SSRCs.</summary>
    public PublishExtensionIds PublishExtensions { get; set; }

    /// <summary>The subscribe connection's media sections in mid order; a null consumer is an inactive section.</summary>
    public List<SubscribeSlot> SubscribeSlots { get; } = [];

    /// <summary>Consumers this participant receives, by the consumer's SSRC and RTX SSRC (for the receiver's RTCP).</summary>
    public Dictionary<uint, Consumer> ConsumersBySsrc { get; } = [];

    /// <summary>What video this participant wants (its latest receiverConstraints).</summary>
    public ReceiverConstraintsMessage Constraints { get; set; } = DefaultConstraints;

    /// <summary>Version of the last subscribe offer sent; 0 before any.</summary>
    public int SubscribeOfferVersion { get; set; }

    public bool AwaitingSubscribeAnswer { get; set; }

    /// <summary>Consumers changed while an offer was outstanding: offer again after the answer.</summary>
    public bool SubscribeRenegotiationNeeded { get; set; }

    public bool IsClosed { get; set; }

    /// <summary>The last round-trip time measured from this endpoint's receiver reports; null before any.</summary>
    public TimeSpan? RoundTrip { get; set; }

    /// <summary>The last allocation held a source below its desired layer for lack of bandwidth: probing helps.</summary>
    public bool BandwidthLimited { get; set; }

    /// <summary>The subscribe transport's <c>SentBytes</c> at the last probe interval (to measure the sending rate).</summary>
    public long SentBytesAtLastProbe { get; set; }

    /// <summary>
    /// An SSRC for a new consumer of this receiver: consecutive from a random start, so none is ever given twice on
    /// its subscribe connection (a consumer's SRTP state is freed when it goes; a reused SSRC would restart its index).
    /// </summary>
    public uint NewConsumerSsrc()
    {
        _nextConsumerSsrc = _nextConsumerSsrc == uint.MaxValue ? 1 : _nextConsumerSsrc + 1;
        return _nextConsumerSsrc;
    }

    private uint _nextConsumerSsrc = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);

    /// <summary>The other endpoints of the conference.</summary>
    public IEnumerable<Endpoint> Others => Conference.Endpoints.Values.Where(e => e != this);

    public Producer? FindProducer(string mid)
    {
        foreach (var p in Producers)
        {
            if (p.Mid == mid)
            {
                return p;
            }
        }

        return null;
    }
}

/// <summary>One media section of a subscribe connection. Its mid is its index; it is never reused for another track.</summary>
internal sealed class SubscribeSlot(string mid, MediaKind kind)
{
    public string Mid { get; } = mid;

    public MediaKind Kind { get; } = kind;

    public Consumer? Consumer { get; set; }

    /// <summary>The first subscribe offer version that contained this section; 0 before it was offered.</summary>
    public int OfferedInVersion { get; set; }
}

/// <summary>Header extension ids the sender uses on its publish connection (0: not negotiated).</summary>
internal readonly record struct PublishExtensionIds(byte Mid, byte Rid, byte RepairedRid);
