using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ScaleMeet.Bridge.Bandwidth;
using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Net;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Bridge.Stats;
using ScaleMeet.Media.Dtls;
using ScaleMeet.Media.Ice;
using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Bridge.Transport;

/// <summary>
/// One ICE-lite + DTLS-SRTP transport on the shared UDP port: the bridge side of one browser peer connection.
/// The DTLS handshake starts once the remote description is applied and ICE answered a check from the peer; it runs
/// on the bridge's DTLS pool. Loop thread only, except <see cref="RemoteAddress"/>, which DTLS pool workers read to
/// send flights.
/// It remembers at most <see cref="BudgetOptions.MaxRemoteAddresses"/> remote addresses that passed a check, most
/// recently checked last; its SRTP sessions hold at most <see cref="BudgetOptions.MaxSrtpStreams"/> SSRCs each, and
/// what they refuse is counted in the bridge's <see cref="BudgetCounters"/>.
/// </summary>
internal sealed class WebRtcTransport : IMediaTransport, IDisposable
{
    private readonly MediaSocket _socket;
    private readonly TrafficCounters _traffic;
    private readonly List<SocketAddress> _knownAddresses = [];
    private readonly BudgetCounters _budgetCounters;
    private readonly int _maxRemoteAddresses;
    private readonly int _maxSrtpStreams;
    private long _srtpReused;
    private long _srtpLimit;
    private long _srtpRetired;
    private volatile SocketAddress? _remoteAddress;
    private IPEndPoint? _remoteEndPoint;
    private bool _handshakeStarted;
    private bool _mediaReceived;

    public WebRtcTransport(Endpoint owner, TransportRole role, LocalIceCredentials credentials, MediaSocket socket, DtlsCertificate certificate,
        TimeProvider time, BridgeOptions options, TrafficCounters traffic, DtlsHandshakePool dtlsPool, DtlsEndpointSettings dtlsSettings,
        BudgetCounters? budgetCounters = null)
    {
        Owner = owner;
        Role = role;
        _socket = socket;
        _traffic = traffic;
        _budgetCounters = budgetCounters ?? new BudgetCounters();
        _maxRemoteAddresses = options.Budgets.MaxRemoteAddresses;
        _maxSrtpStreams = options.Budgets.MaxSrtpStreams;
        Budgets = new TransportBudgets(options.Budgets, role, time);
        Ice = new IceLiteSession(credentials.Ufrag, credentials.Pwd, time, options.IceConsentTimeout, options.Budgets.IceTransactionMemory);
        Dtls = new DtlsEndpoint(DtlsRole.Server, certificate, SendFromDtls, dtlsSettings, dtlsPool);
        LocalRtcpSsrc = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
        if (role == TransportRole.Subscribe)
        {
            Bandwidth = new SendSideBandwidthEstimator(new BandwidthEstimatorOptions { InitialBitrate = options.InitialReceiverBitrate });
        }
    }

    /// <summary>The receiver's downlink estimate (subscribe transports only), fed by its transport-cc feedback.</summary>
    public SendSideBandwidthEstimator? Bandwidth { get; }

    public Endpoint Owner { get; }

    /// <summary>This transport's RTCP, transport-cc and retransmission budgets.</summary>
    public TransportBudgets Budgets { get; }

    public TransportRole Role { get; }

    public IceLiteSession Ice { get; }

    public DtlsEndpoint Dtls { get; }

    /// <summary>SSRC the bridge uses as RTCP sender on this transport (PLI, RR, REMB).</summary>
    public uint LocalRtcpSsrc { get; }

    /// <summary>Where media goes: the address of the nominated ICE pair (or the first valid one).</summary>
    public SocketAddress? RemoteAddress => _remoteAddress;

    /// <summary>Every remote address that passed a connectivity check, for the bridge's address map.</summary>
    public IReadOnlyList<SocketAddress> KnownAddresses => _knownAddresses;

    /// <summary>RTP bytes sent on this transport (after SRTP), media and padding.</summary>
    public long SentBytes { get; private set; }

    /// <summary>Bytes of the last RTP packet <see cref="SendRtp"/> sent, after SRTP.</summary>
    public int LastSentLength { get; private set; }

    /// <summary>The transport-wide sequence number the next RTP packet on this transport carries.</summary>
    public ushort NextTransportSequence { get; private set; }

    public SrtpSession? Inbound { get; private set; }

    public SrtpSession? Outbound { get; private set; }

    public bool IsConnected => Outbound is not null;

    public bool IsClosed { get; private set; }

    /// <summary>True once the remote description (fingerprint, ICE ufrag) is known.</summary>
    public bool RemoteDescriptionApplied { get; private set; }

    /// <summary>True once the DTLS handshake started (remote description known and ICE succeeded).</summary>
    public bool HandshakeStarted => _handshakeStarted;

    /// <summary>
    /// Remembers an address that passed a check (a copy), as the most recently checked; returns true when it is new.
    /// When the list is full, the least recently checked address other than the media address makes room and comes
    /// back in <paramref name="evicted"/> (the caller unmaps it).
    /// </summary>
    public bool AddKnownAddress(SocketAddress address, out SocketAddress? evicted)
    {
        evicted = null;
        for (var i = 0; i < _knownAddresses.Count; i++)
        {
            if (_knownAddresses[i].Equals(address))
            {
                var known = _knownAddresses[i];
                _knownAddresses.RemoveAt(i);
                _knownAddresses.Add(known);
                return false;
            }
        }

        if (_knownAddresses.Count >= _maxRemoteAddresses)
        {
            var victim = 0;
            while (_knownAddresses[victim].Equals(_remoteAddress))
            {
                victim++;
            }

            evicted = _knownAddresses[victim];
            _knownAddresses.RemoveAt(victim);
        }

        _knownAddresses.Add(Copy(address));
        return true;
    }

    /// <summary>Follows ICE's selected pair after a check.</summary>
    public void UpdateRemoteAddress()
    {
        var selected = Ice.SelectedEndpoint;
        if (selected is null || selected.Equals(_remoteEndPoint))
        {
            return;
        }

        _remoteEndPoint = selected;
        var address = selected.AddressFamily == _socket.AddressFamily || _socket.AddressFamily != AddressFamily.InterNetworkV6
            ? selected.Serialize()
            : new IPEndPoint(selected.Address.MapToIPv6(), selected.Port).Serialize();
        _remoteAddress = address;
    }

    /// <summary>Applies the remote side's DTLS fingerprint and ICE ufrag (every negotiation; the last one wins).</summary>
    public void ApplyRemoteDescription(string remoteFingerprint, string? remoteUfrag)
    {
        Dtls.ExpectedRemoteFingerprint = remoteFingerprint;
        Ice.RemoteUfrag = remoteUfrag;
        RemoteDescriptionApplied = true;
    }

    /// <summary>
    /// Starts the DTLS handshake once the remote description is applied and ICE answered a check from the peer (an
    /// address that passed ICE is known); null when not ready yet or already started. The handshake counts against the
    /// share of DTLS workers of the address that passed ICE last (<see cref="DtlsOptions.MaxHandshakesPerAddress"/>).
    /// </summary>
    public Task<DtlsSrtpKeys>? TryStartHandshake()
    {
        if (_handshakeStarted || IsClosed || !RemoteDescriptionApplied || _knownAddresses.Count == 0)
        {
            return null;
        }

        _handshakeStarted = true;
        return Dtls.StartHandshake(DtlsAddressKey.From(_remoteEndPoint?.Address ?? AddressOf(_knownAddresses[^1])));
    }

    /// <summary>An SRTP or SRTCP packet from the peer authenticated: it has our keys (DTLS stops answering retransmitted flights).</summary>
    public void OnMediaReceived()
    {
        if (!_mediaReceived)
        {
            _mediaReceived = true;
            Dtls.OnPeerMediaReceived();
        }
    }

    public void OnDtlsConnected(DtlsSrtpKeys keys)
    {
        if (IsClosed)
        {
            return;
        }

        Inbound = new SrtpSession(keys.Profile, keys.RemoteMasterKey, keys.RemoteMasterSalt, maxStreams: _maxSrtpStreams);
        Outbound = new SrtpSession(keys.Profile, keys.LocalMasterKey, keys.LocalMasterSalt, maxStreams: _maxSrtpStreams);
    }

    /// <summary>
    /// After a packet failed to protect or unprotect: adds what the SRTP sessions refused since the last call to the
    /// bridge's counters (reused index, SSRC limit, retired SSRC). Only called on failures, so it costs nothing per packet.
    /// </summary>
    public void CountSrtpRefusals()
    {
        long reused = (Outbound?.IndexReuseRefused ?? 0) + (Inbound?.IndexReuseRefused ?? 0);
        long limit = (Outbound?.StreamLimitDropped ?? 0) + (Inbound?.StreamLimitDropped ?? 0);
        long retired = (Outbound?.RetiredStreamDropped ?? 0) + (Inbound?.RetiredStreamDropped ?? 0);
        _budgetCounters.SrtpIndexRefused += reused - _srtpReused;
        _budgetCounters.SrtpStreamLimitDropped += limit - _srtpLimit;
        _budgetCounters.SrtpRetiredStreamDropped += retired - _srtpRetired;
        (_srtpReused, _srtpLimit, _srtpRetired) = (reused, limit, retired);
    }

    /// <summary>Protects RTCP in <paramref name="buffer"/> and sends it; false when not connected.</summary>
    public bool SendRtcp(Span<byte> buffer, int length)
    {
        var address = _remoteAddress;
        if (Outbound is null || address is null)
        {
            return false;
        }

        if (!Outbound.ProtectRtcp(buffer, length, out var protectedLength))
        {
            CountSrtpRefusals();
            return false;
        }

        _socket.Send(buffer[..protectedLength], address);
        _traffic.OnSent(protectedLength);
        return true;
    }

    /// <summary>
    /// Protects RTP in <paramref name="buffer"/> (written with <see cref="NextTransportSequence"/>) and sends it;
    /// false when not connected. The transport-wide sequence number advances either way, so it never repeats.
    /// </summary>
    public bool SendRtp(Span<byte> buffer, int length, long nowMicros)
    {
        var transportSequence = NextTransportSequence++;
        var address = _remoteAddress;
        if (Outbound is null || address is null)
        {
            return false;
        }

        if (!Outbound.ProtectRtp(buffer, length, out var protectedLength))
        {
            CountSrtpRefusals();
            return false;
        }

        _socket.Send(buffer[..protectedLength], address);
        _traffic.OnSent(protectedLength);
        Bandwidth?.OnPacketSent(transportSequence, protectedLength, nowMicros);
        SentBytes += protectedLength;
        LastSentLength = protectedLength;
        return true;
    }

    private void SendFromDtls(ReadOnlyMemory<byte> datagram)
    {
        var address = _remoteAddress;
        if (address is not null)
        {
            _socket.SendNow(datagram.Span, address);
            _traffic.AddSentFromOtherThread(datagram.Length);
        }
    }

    /// <summary>The IP address in a socket address (once per handshake: it allocates).</summary>
    private static IPAddress AddressOf(SocketAddress address)
    {
        var template = address.Family == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        return ((IPEndPoint)template.Create(address)).Address;
    }

    public void ForgetIncoming(uint ssrc, bool retire) => Inbound?.RemoveStream(ssrc, retire);

    public void ForgetOutgoing(uint ssrc) => Outbound?.RemoveStream(ssrc);

    private static SocketAddress Copy(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }

    public void Dispose()
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        Dtls.Close(); // never waits: close_notify goes out from a DTLS pool work item
        Inbound?.Dispose();
        Outbound?.Dispose();
        Inbound = null;
        Outbound = null;
    }
}
