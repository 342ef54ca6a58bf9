using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Loop;
using ScaleMeet.Bridge.Negotiation;
using ScaleMeet.Bridge.Net;
using ScaleMeet.Bridge.Stats;
using ScaleMeet.Bridge.Transport;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Media.Dtls;
using ScaleMeet.Media.Ice;
using ScaleMeet.Media.Rtcp;
using ScaleMeet.Media.Rtp;
using ScaleMeet.Media.Stun;

namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// Owns every conference on the bridge and routes each datagram: STUN to the transport named by its
/// USERNAME, DTLS and SRTP to the transport of the sender's address (RFC 7983 demultiplexing).
/// Threading: loop thread only (see <see cref="MediaLoop"/>).
/// </summary>
internal sealed partial class MediaRouter : IMediaHandler
{
    private const int TxBufferSize = 2048;

    private readonly string _bridgeId;
    private readonly BridgeOptions _options;
    private readonly MediaSocket _socket;
    private readonly DtlsCertificate _certificate;
    private readonly IBridgeEventSink _events;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Dictionary<ConferenceKey, Conference> _conferences = [];
    private readonly TransportTable _transports = new();
    private readonly ConferenceResources _resources;
    private readonly byte[] _tx = GC.AllocateArray<byte>(TxBufferSize, pinned: true);
    private readonly byte[] _stunResponse = new byte[512];
    private readonly IPEndPoint _endPointFactory;
    private readonly long _keyframeIntervalTicks;
    private readonly DtlsEndpointSettings _dtlsSettings;
    private readonly PacketCachePool _caches;
    private readonly SubscribeOfferPublisher _offers;
    private readonly FeedbackLimits _feedback;
    private long _lastReportTick;
    private long _lastConsentCheck;
    private long _lastAllocationTick;

    /// <summary>How often speakers are evaluated and layers re-allocated (layers start and stop flowing).</summary>
    private static readonly TimeSpan AllocationInterval = TimeSpan.FromMilliseconds(200);

    public MediaRouter(string bridgeId, BridgeOptions options, MediaSocket socket, DtlsCertificate certificate, IBridgeEventSink events, TimeProvider time, ILogger log,
        ICpuTimeSource? cpu = null)
    {
        _bridgeId = bridgeId;
        _options = options;
        _socket = socket;
        _certificate = certificate;
        _events = events;
        _time = time;
        _log = log;
        _endPointFactory = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        _keyframeIntervalTicks = (long)(options.KeyframeRequestInterval.TotalSeconds * time.TimestampFrequency);
        _feedback = new FeedbackLimits(options.Budgets, time.TimestampFrequency);
        Stats = new StatsSampler(options.Stress, cpu ?? ProcessCpuTimeSource.Instance, time);
        DtlsPool = new DtlsHandshakePool(options.Dtls.ToPoolSettings(), time);
        _dtlsSettings = options.Dtls.ToEndpointSettings(options.DtlsHandshakeTimeout);
        _caches = new PacketCachePool(options);
        _resources = new ConferenceResources(_caches, _transports, new Relay.RelayTable(options.Relay.MaxRelays, new Relay.RelayCounters()));
        _offers = new SubscribeOfferPublisher(bridgeId, events, log);
    }

    /// <summary>Runs every transport's DTLS handshake and later DTLS work; disposed with the bridge. Any thread.</summary>
    public DtlsHandshakePool DtlsPool { get; }

    /// <summary>Set by the bridge once its loop exists; used to come back from DTLS pool workers.</summary>
    public MediaLoop? Loop { get; set; }

    public BridgeCounters Counters { get; } = new();

    /// <summary>What the feedback budgets and the SRTP and ICE bounds refused.</summary>
    public BudgetCounters Budgets { get; } = new();

    /// <summary>Datagrams and bytes through the socket, both ways.</summary>
    public TrafficCounters Traffic { get; } = new();

    /// <summary>The periodic <see cref="BridgeStats"/> (its <c>Latest</c> may be read from any thread).</summary>
    public StatsSampler Stats { get; }

    /// <summary>The packet caches of every video layer (its counts may be read from any thread).</summary>
    public PacketCachePool Caches => _caches;

    /// <summary>Subscribe offers written off the loop (its count may be read from any thread).</summary>
    public SubscribeOfferPublisher Offers => _offers;

    /// <summary>Draining / shutting down, as set on the bridge; copied into each sample.</summary>
    public BridgeFlags Flags { get; init; } = new();

    /// <summary>The conferences, for benchmarks and tests that drive the router directly (loop thread only).</summary>
    internal IReadOnlyDictionary<ConferenceKey, Conference> Conferences => _conferences;

    public int ConferenceCount => _conferences.Count;

    public int EndpointCount
    {
        get
        {
            var n = 0;
            foreach (var c in _conferences.Values)
            {
                n += c.Endpoints.Count;
            }

            return n;
        }
    }

    public int LargestConference => _conferences.Count == 0 ? 0 : _conferences.Values.Max(c => c.Endpoints.Count);

    public int TransportCount => _transports.Count;

    public int AddressCount => _transports.AddressCount;

    public void OnDatagram(Span<byte> datagram, SocketAddress from)
    {
        Traffic.OnReceived(datagram.Length);
        try
        {
            var first = datagram[0];
            if (first < 4)
            {
                OnStun(datagram, from);
            }
            else if (first is >= 20 and <= 63)
            {
                if (_transports.TryGetByAddress(from, out var t))
                {
                    t.Dtls.Enqueue(datagram);
                }
                else
                {
                    Counters.UnknownSourceDropped++;
                }
            }
            else if (first is >= 128 and <= 191)
            {
                if (_transports.TryGetByAddress(from, out var t) && t.Inbound is not null)
                {
                    if (Rtcp.IsRtcp(datagram))
                    {
                        OnSrtcp(t, datagram);
                    }
                    else
                    {
                        OnSrtp(t, datagram);
                    }
                }
                else
                {
                    Counters.UnknownSourceDropped++;
                }
            }
            else
            {
                Counters.MalformedDropped++;
            }
        }
        catch (Exception ex)
        {
            // A bug must not stop the loop: count it, log it, drop the packet.
            Counters.HandlerErrors++;
            Log.PacketHandlerFailed(_log, ex);
        }
    }

    /// <summary>
    /// A connectivity check. The media address follows the transport's ICE session, which moves it only on an
    /// authenticated, never-seen check with USE-CANDIDATE from the new address (see <see cref="IceLiteSession"/>).
    /// An address another transport already receives from is not taken over: its checks are dropped.
    /// </summary>
    private void OnStun(Span<byte> datagram, SocketAddress from)
    {
        if (!StunMessage.TryGetUsername(datagram, out var localUfrag, out _) ||
            !_transports.TryGetByUfrag(localUfrag, out var transport))
        {
            Counters.StunDropped++;
            return;
        }

        if (_transports.TryGetByAddress(from, out var owner) && owner != transport)
        {
            Budgets.IceAddressConflicts++;
            Counters.StunDropped++;
            return;
        }

        var endPoint = (IPEndPoint)_endPointFactory.Create(from);
        var result = transport.Ice.Handle(datagram, endPoint, _stunResponse, out var written);
        if (written > 0)
        {
            _socket.Send(_stunResponse.AsSpan(0, written), from);
            Traffic.OnSent(written);
        }

        switch (result)
        {
            case IceCheckResult.Answered or IceCheckResult.AnsweredAndNominated:
                RememberAddress(transport, from);
                transport.UpdateRemoteAddress();
                StartHandshakeIfReady(transport);
                break;
            case IceCheckResult.AnsweredNotSelected:
                // A valid pair the browser may nominate next (after a network change), but no consent for media.
                Budgets.IceChecksFromOtherAddress++;
                RememberAddress(transport, from);
                break;
            case IceCheckResult.Retransmitted:
                break;
            case IceCheckResult.Replayed:
                Budgets.IceReplays++;
                Counters.StunDropped++;
                break;
            default:
                // Refused (bad integrity, missing attributes, role conflict) or not a request: counted as dropped.
                Counters.StunDropped++;
                break;
        }
    }

    /// <summary>Maps <paramref name="from"/> to the transport (bounded per transport; the address it drops is unmapped).</summary>
    private void RememberAddress(WebRtcTransport transport, SocketAddress from)
    {
        if (_transports.Remember(transport, from))
        {
            Budgets.IceAddressesEvicted++;
        }
    }

    private void OnSrtp(WebRtcTransport transport, Span<byte> datagram)
    {
        if (!transport.Inbound!.UnprotectRtp(datagram, datagram.Length, out var length))
        {
            Counters.SrtpDropped++;
            transport.CountSrtpRefusals();
            return;
        }

        transport.OnMediaReceived();
        var packet = datagram[..length];
        if (!RtpHeader.TryParse(packet, out var header))
        {
            Counters.MalformedDropped++;
            return;
        }

        var layer = transport.Role == TransportRole.Publish ? FindLayer(transport.Owner, packet, in header) : null;
        if (layer is null || header.Ssrc != layer.Ssrc)
        {
            // RTX from senders (the bridge does not NACK upstream yet) and media on subscribe transports are not forwarded.
            Counters.UnroutableDropped++;
            return;
        }

        var conference = layer.Producer.Owner.Conference;
        if (ReceiveLayerPacket(layer, packet, in header) && conference.Relays.Count > 0)
        {
            SendOverRelays(conference, packet);
        }
    }

    /// <summary>A sender's packet for one of its layers (from its publish connection or a relay), forwarded to the layer's consumers.</summary>
    private bool ReceiveLayerPacket(ProducerLayer layer, Span<byte> packet, in RtpHeader header)
    {
        Counters.RtpReceived++;
        if (layer.LastPacketAt == 0)
        {
            // A layer starts flowing: allocate it to receivers without waiting for the periodic run, and give a video
            // layer its packet cache (once per layer, from the bounded pool).
            layer.Producer.Owner.Conference.AllocationNeeded = true;
            if (layer.Producer.Kind == MediaKind.Video)
            {
                layer.Cache ??= _caches.TryRent();
            }
        }

        return Forward(layer, packet, in header);
    }

    private void OnSrtcp(WebRtcTransport transport, Span<byte> datagram)
    {
        if (!transport.Inbound!.UnprotectRtcp(datagram, datagram.Length, out var length))
        {
            Counters.SrtpDropped++;
            transport.CountSrtpRefusals();
            return;
        }

        // Limited after authentication: only the receiver itself (it holds the keys) spends its budget; a forged or
        // replayed datagram costs one failed check and nothing of the real receiver's allowance.
        if (!transport.Budgets.Rtcp.TryTake(1, _time.GetTimestamp()))
        {
            Budgets.RtcpRateLimited++;
            return;
        }

        transport.OnMediaReceived();
        Counters.RtcpReceived++;
        _nackedInCompound = 0;
        var reader = new RtcpCompoundReader(datagram[..length]);
        while (reader.TryNext(out var header, out var packet))
        {
            if (transport.Role == TransportRole.Publish)
            {
                OnPublisherRtcp(transport, in header, packet);
            }
            else
            {
                OnReceiverRtcp(transport, in header, packet);
            }
        }

        if (reader.Malformed)
        {
            Counters.MalformedDropped++;
        }
    }

    public void OnTick()
    {
        Counters.Ticks++;
        var now = _time.GetTimestamp();
        Stats.OnTick(now);
        if (_time.GetElapsedTime(_lastReportTick, now) >= TimeSpan.FromSeconds(1))
        {
            _lastReportTick = now;
            SendReceiverReports(now);
        }

        SendPendingKeyframeRequests(now);
        TickRelays(now);
        ProbeWhereHeldBack(now);
        if (_time.GetElapsedTime(_lastAllocationTick, now) >= AllocationInterval)
        {
            _lastAllocationTick = now;
            EvaluateSpeakersAndAllocate();
        }
        else
        {
            AllocateWhereNeeded();
        }

        if (_time.GetElapsedTime(_lastConsentCheck, now) >= TimeSpan.FromSeconds(1))
        {
            _lastConsentCheck = now;
            ExpireEndpointsWithoutConsent();
            RentMissingPacketCaches();
        }

        if (Stats.IsDue(now))
        {
            SampleStats(now);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Packet handler failed; the packet was dropped")]
        public static partial void PacketHandlerFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Information, "Endpoint {EndpointId} of conference {ConferenceId} expired: {Reason}")]
        public static partial void EndpointExpired(ILogger logger, string endpointId, string conferenceId, string reason);

        [LoggerMessage(3, LogLevel.Debug, "DTLS connected for {EndpointId} ({Role}, {Profile})")]
        public static partial void DtlsConnected(ILogger logger, string endpointId, TransportRole role, Media.Srtp.SrtpProfile profile);

        [LoggerMessage(4, LogLevel.Information, "Endpoint {EndpointId} joined conference {ConferenceId}")]
        public static partial void EndpointAllocated(ILogger logger, string endpointId, string conferenceId);

        [LoggerMessage(5, LogLevel.Debug, "Receiver {EndpointId}: bandwidth estimate {Kbps} kbit/s, loss {Loss:P1}")]
        public static partial void BandwidthEstimate(ILogger logger, string endpointId, long kbps, double loss);
    }
}

/// <summary>Per-bridge counters of what was received, forwarded and dropped (loop thread writes; readers tolerate tearing).</summary>
internal sealed class BridgeCounters
{
    public long RtpReceived;
    public long RtcpReceived;
    public long RtpSent;
    public long RtxSent;
    public long MalformedDropped;
    public long SrtpDropped;
    public long StunDropped;
    public long UnknownSourceDropped;
    public long UnroutableDropped;
    public long HandlerErrors;
    public long KeyframeRequestsSent;
    public long TransportFeedbackReceived;
    public long PaddingSent;
    public long ConferencesCreated;
    public long ConferencesCompleted;
    public long IceFailures;
    public long DtlsFailures;
    public long DtlsClosedByPeer;

    /// <summary>Loop ticks (the loop-side clock of coalescing: allocation runs at most once per conference per tick).</summary>
    public long Ticks;

    /// <summary>Layer allocations of a whole conference (every receiver) run.</summary>
    public long AllocationRuns;

    /// <summary>Subscribe sections recycled for a new track.</summary>
    public long SubscribeSectionsReused;

    /// <summary>Tracks that found no subscribe section for a receiver (it had the most allowed) and wait for one.</summary>
    public long SubscribeSectionsFull;
}
