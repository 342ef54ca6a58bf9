using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ScaleMeet.Bridge.Bandwidth;
using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Net;
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
/// </summary>
internal sealed class WebRtcTransport : IDisposable
{
    private readonly MediaSocket _socket;
    private readonly TrafficCounters _traffic;
    private readonly List<SocketAddress> _knownAddresses = [];
    private volatile SocketAddress? _remoteAddress;
    private IPEndPoint? _remoteEndPoint;
    private bool _handshakeStarted;
    private bool _mediaReceived;

    public WebRtcTransport(Endpoint owner, TransportRole role, LocalIceCredentials credentials, MediaSocket socket, DtlsCertificate certificate,
        TimeProvider time, BridgeOptions options, TrafficCounters traffic, DtlsHandshakePool dtlsPool, DtlsEndpointSettings dtlsSettings)
    {
        Owner = owner;
        Role = role;
        _socket = socket;
        _traffic = traffic;
        Ice = new IceLiteSession(credentials.Ufrag, credentials.Pwd, time, options.IceConsentTimeout);
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

    /// <summary>Remembers an address that passed a check; returns true when it is new.</summary>
    public bool AddKnownAddress(SocketAddress address)
    {
        foreach (var known in _knownAddresses)
        {
            if (known.Equals(address))
            {
                return false;
            }
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
    /// address that passed ICE is known); null when not ready yet or already started.
    /// </summary>
    public Task<DtlsSrtpKeys>? TryStartHandshake()
    {
        if (_handshakeStarted || IsClosed || !RemoteDescriptionApplied || _knownAddresses.Count == 0)
        {
            return null;
        }

        _handshakeStarted = true;
        return Dtls.StartHandshake();
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

        Inbound = new SrtpSession(keys.Profile, keys.RemoteMasterKey, keys.RemoteMasterSalt);
        Outbound = new SrtpSession(keys.Profile, keys.LocalMasterKey, keys.LocalMasterSalt);
    }

    /// <summary>Protects RTCP in <paramref name="buffer"/> and sends it; false when not connected.</summary>
    public bool SendRtcp(Span<byte> buffer, int length)
    {
        var address = _remoteAddress;
        if (Outbound is null || address is null || !Outbound.ProtectRtcp(buffer, length, out var protectedLength))
        {
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
        if (Outbound is null || address is null || !Outbound.ProtectRtp(buffer, length, out var protectedLength))
        {
            return false;
        }

        _socket.Send(buffer[..protectedLength], address);
        _traffic.OnSent(protectedLength);
        Bandwidth?.OnPacketSent(transportSequence, protectedLength, nowMicros);
        SentBytes += protectedLength;
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
