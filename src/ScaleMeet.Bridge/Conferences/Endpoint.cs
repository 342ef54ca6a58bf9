using System.Security.Cryptography;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Bridge.Transport;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Bridge.Conferences;

/// <summary>
/// One participant on this bridge: a publish transport (its tracks in), a subscribe transport (everyone
/// else's tracks out), its producers and the consumers it receives. It owns all of them: <see cref="Close"/> closes
/// its producers (and with them every consumer of its tracks), its consumers and its transports, then leaves the
/// conference. Loop thread only, except the ICE credentials, which are immutable (made here, before either transport
/// exists) and read off the loop to write SDP.
/// </summary>
internal sealed class Endpoint(Conference conference, string id, string displayName) : IMediaSender, IMediaReceiver
{
    /// <summary>What a receiver gets before it sends its first constraints: every source, 180p-class.</summary>
    public static readonly ReceiverVideoConstraints DefaultConstraints = ReceiverVideoConstraints.Default;

    public Conference Conference { get; } = conference;

    public string Id { get; } = id;

    public string DisplayName { get; } = displayName;

    /// <summary>The publish transport's ICE credentials (immutable).</summary>
    public LocalIceCredentials PublishIce { get; } = LocalIceCredentials.New();

    /// <summary>The subscribe transport's ICE credentials (immutable).</summary>
    public LocalIceCredentials SubscribeIce { get; } = LocalIceCredentials.New();

    public WebRtcTransport? Publish { get; set; }

    public WebRtcTransport? Subscribe { get; set; }

    public IMediaTransport? Upstream => Publish;

    public IMediaTransport? Downstream => Subscribe;

    /// <summary>Encodings this participant sends, by SSRC (RTX SSRCs included).</summary>
    public Dictionary<uint, ProducerLayer> LayersBySsrc { get; } = [];

    public List<Producer> Producers { get; } = [];

    /// <summary>Header extension ids on the publish transport (0 when not negotiated), to learn simulcast SSRCs.</summary>
    public PublishExtensionIds PublishExtensions { get; set; }

    /// <summary>
    /// The subscribe connection's media sections in mid order; a null consumer is an inactive section, recycled for
    /// the next track of its kind (see <see cref="SubscribeSlot"/>).
    /// </summary>
    public List<SubscribeSlot> SubscribeSlots { get; } = [];

    /// <summary>A remote track found no section (the receiver has <see cref="Negotiation.NegotiationOptions.MaxSubscribeSections"/>): subscribe when one frees up.</summary>
    public bool WaitingForSection { get; set; }

    /// <summary>Consumers this participant receives, by the consumer's SSRC and RTX SSRC (for the receiver's RTCP).</summary>
    public Dictionary<uint, Consumer> ConsumersBySsrc { get; } = [];

    /// <summary>What video this participant wants (its latest receiverConstraints).</summary>
    public ReceiverVideoConstraints Constraints { get; set; } = DefaultConstraints;

    /// <summary>Version of the last subscribe offer sent; 0 before any.</summary>
    public int SubscribeOfferVersion { get; set; }

    /// <summary>Version of the last subscribe offer the receiver answered; 0 before any.</summary>
    public int AnsweredSubscribeVersion { get; set; }

    /// <summary>Media sections in the outstanding subscribe offer (its answer may have no more).</summary>
    public int OfferedSectionCount { get; set; }

    public bool AwaitingSubscribeAnswer { get; set; }

    /// <summary>Consumers changed while an offer was outstanding: offer again after the answer.</summary>
    public bool SubscribeRenegotiationNeeded { get; set; }

    public bool IsClosed { get; private set; }

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

    /// <summary>
    /// Closes the endpoint and everything it owns: its producers (every consumer of its tracks, on whatever receiver,
    /// goes with them), its consumers, its transports (out of the loop's table); then it leaves the conference.
    /// A second call does nothing. Renegotiating with the others is the caller's (the router's) part.
    /// </summary>
    public void Close()
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        for (var i = Producers.Count - 1; i >= 0; i--)
        {
            Producers[i].Close();
        }

        foreach (var slot in SubscribeSlots)
        {
            slot.Consumer?.Close();
        }

        SubscribeSlots.Clear();
        ConsumersBySsrc.Clear();
        var transports = Conference.Resources.Transports;
        transports.Close(Publish);
        transports.Close(Subscribe);
        Publish = null;
        Subscribe = null;
        Conference.OnEndpointClosed(this);
    }

    /// <summary>A consumer this endpoint received closed: its SSRCs and SRTP state go, its section is offered inactive.</summary>
    public void OnConsumerClosed(Consumer consumer)
    {
        ConsumersBySsrc.Remove(consumer.Ssrc);
        ConsumersBySsrc.Remove(consumer.RtxSsrc);
        Subscribe?.ForgetOutgoing(consumer.Ssrc);
        Subscribe?.ForgetOutgoing(consumer.RtxSsrc);
        foreach (var slot in SubscribeSlots)
        {
            if (slot.Consumer == consumer)
            {
                slot.Release();
            }
        }

        if (!IsClosed)
        {
            SubscribeRenegotiationNeeded = true;
        }
    }

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
