using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ScaleMeet.Bridge.Net;
using ScaleMeet.Bridge.Transport;
using ScaleMeet.Media.Ice;
using ScaleMeet.Media.Rtcp;
using ScaleMeet.Media.Srtp;
using ScaleMeet.Media.Stun;

namespace ScaleMeet.Bridge.Relay;

/// <summary>
/// One end of a relay between two bridges (mediasoup's pipe transport): plain UDP on the shared relay port, every
/// datagram behind a <see cref="RelayHeader"/>, media in SRTP AEAD_AES_128_GCM with keys the focus generated (one
/// per direction), connectivity and consent by STUN with short-term credentials. No DTLS: the keys come over the
/// authenticated control channel. Packets keep their origin SSRCs.
/// <para>It accepts datagrams only from the peer's address the focus named (<see cref="RelayTable"/> checks it);
/// STUN checks from there are answered by an <see cref="IceLiteSession"/> and our own checks go out through
/// <see cref="RelayConsent"/>. It sends media only while it has consent (<see cref="IsConnected"/>).</para>
/// <para>Loop thread only. No allocation per packet: media is copied behind the header in a scratch buffer and
/// protected there.</para>
/// </summary>
internal sealed class RelayTransport : IMediaTransport, IDisposable
{
    private readonly MediaSocket _socket;
    private readonly RelayCounters _counters;
    private readonly TimeProvider _time;
    private readonly IceLiteSession _ice;
    private readonly byte[] _scratch = new byte[MediaSocket.MaxDatagram];
    private readonly byte[] _stun = new byte[IceLiteSession.MinResponseBufferLength + RelayHeader.Length];
    private SrtpSession? _inbound;
    private SrtpSession? _outbound;
    private long _authFailures;
    private long _replays;
    private long _streamRefusals;

    public RelayTransport(RelayParameters parameters, MediaSocket socket, TimeProvider time, RelayOptions options, BudgetOptions budgets,
        RelayCounters counters)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parameters.RelayId, RelayHeader.MaxId);
        RelayId = parameters.RelayId;
        RemoteEndPoint = parameters.RemoteEndPoint;
        RemoteAddress = (socket.AddressFamily == AddressFamily.InterNetworkV6 && RemoteEndPoint.AddressFamily == AddressFamily.InterNetwork
            ? new IPEndPoint(RemoteEndPoint.Address.MapToIPv6(), RemoteEndPoint.Port)
            : RemoteEndPoint).Serialize();
        _socket = socket;
        _time = time;
        _counters = counters;
        _ice = new IceLiteSession(parameters.LocalUfrag, parameters.LocalPwd, time, options.ConsentTimeout) { RemoteUfrag = parameters.RemoteUfrag };
        Consent = new RelayConsent(parameters.LocalUfrag, parameters.RemoteUfrag, parameters.RemotePwd, time, options.CheckInterval, options.ConsentTimeout);
        _inbound = new SrtpSession(SrtpProfile.AeadAes128Gcm, parameters.ReceiveKey, parameters.ReceiveSalt, maxStreams: options.MaxSrtpStreams);
        _outbound = new SrtpSession(SrtpProfile.AeadAes128Gcm, parameters.SendKey, parameters.SendSalt, maxStreams: options.MaxSrtpStreams);
        RelayHeader.Write(_scratch, RelayId);
        RelayHeader.Write(_stun, RelayId);
        Budgets = new TransportBudgets(budgets, TransportRole.Subscribe, time);
        LocalRtcpSsrc = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
    }

    public uint RelayId { get; }

    /// <summary>The conference this relay belongs to (it closes the relay with itself); null for a relay outside a router (tests).</summary>
    public Conferences.Conference? Conference { get; init; }

    /// <summary>The relay's name in its conference: <c>relay:</c> and the peer bridge's id.</summary>
    public string EndpointId { get; init; } = "relay:";

    /// <summary>The peer's relay port, as the focus named it.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary><see cref="RemoteEndPoint"/> as the socket reports senders: the only source accepted.</summary>
    public SocketAddress RemoteAddress { get; }

    /// <summary>Our checks and the consent their answers grant.</summary>
    public RelayConsent Consent { get; }

    /// <summary>The remote senders' encodings this relay carries, by origin SSRC (RTX included): how its RTP finds its layer.</summary>
    public Dictionary<uint, Routing.ProducerLayer> IncomingLayers { get; } = [];

    /// <summary>True while the peer answers our checks: media may be sent.</summary>
    public bool IsConnected => !IsClosed && Consent.HasConsent;

    public bool IsClosed { get; private set; }

    /// <summary>Set by the table once consent lapsed and was reported: no more checks go out.</summary>
    public bool IsConsentLost { get; set; }

    public uint LocalRtcpSsrc { get; }

    public ushort NextTransportSequence { get; private set; }

    public int LastSentLength { get; private set; }

    public TransportBudgets Budgets { get; }

    /// <summary>Datagrams and bytes (on the wire: header, SRTP and STUN included) sent and accepted on this relay.</summary>
    public long PacketsSent { get; private set; }

    public long BytesSent { get; private set; }

    public long PacketsReceived { get; private set; }

    public long BytesReceived { get; private set; }

    /// <summary>Sends a check when one is due (every tick of the loop).</summary>
    public void OnTick(long now)
    {
        if (IsClosed || !Consent.IsCheckDue(now))
        {
            return;
        }

        var length = Consent.WriteCheck(_stun.AsSpan(RelayHeader.Length), now);
        Send(_stun.AsSpan(0, RelayHeader.Length + length));
    }

    /// <summary>
    /// Takes what followed the header of a datagram from the peer's address: STUN is handled here (a check is
    /// answered, an answer extends consent), SRTP and SRTCP are authenticated and decrypted in place; refusals are
    /// counted. <paramref name="plainLength"/> is the decrypted length for <see cref="RelayPacketKind.Rtp"/> and
    /// <see cref="RelayPacketKind.Rtcp"/>.
    /// </summary>
    public RelayPacketKind Receive(Span<byte> packet, out int plainLength)
    {
        plainLength = 0;
        if (IsClosed)
        {
            return RelayPacketKind.Dropped;
        }

        var first = packet[0];
        if (first < 4)
        {
            var stun = OnStun(packet);
            if (stun == RelayPacketKind.Stun)
            {
                OnAccepted(packet.Length);
            }

            return stun;
        }

        if (first is < 128 or > 191 || _inbound is null)
        {
            _counters.MalformedDropped++;
            return RelayPacketKind.Dropped;
        }

        var rtcp = Rtcp.IsRtcp(packet);
        var ok = rtcp ? _inbound.UnprotectRtcp(packet, packet.Length, out plainLength) : _inbound.UnprotectRtp(packet, packet.Length, out plainLength);
        if (!ok)
        {
            CountInboundRefusal();
            return RelayPacketKind.Dropped;
        }

        OnAccepted(packet.Length);
        return rtcp ? RelayPacketKind.Rtcp : RelayPacketKind.Rtp;
    }

    private void OnAccepted(int length)
    {
        PacketsReceived++;
        BytesReceived += length + RelayHeader.Length;
        _counters.BytesReceived += length + RelayHeader.Length;
    }

    public bool SendRtp(Span<byte> buffer, int length, long nowMicros)
    {
        NextTransportSequence++; // transport-wide congestion control ends at each hop: the relay carries no transport-cc
        return Protect(buffer, length, rtcp: false);
    }

    public bool SendRtcp(Span<byte> buffer, int length) => Protect(buffer, length, rtcp: true);

    /// <summary>Frees an origin SSRC's protection state and its entry in <see cref="IncomingLayers"/> (its producer closed).</summary>
    public void ForgetIncoming(uint ssrc, bool retire)
    {
        IncomingLayers.Remove(ssrc);
        _inbound?.RemoveStream(ssrc, retire);
    }

    public void ForgetOutgoing(uint ssrc) => _outbound?.RemoveStream(ssrc);

    public void Dispose()
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        _inbound?.Dispose();
        _outbound?.Dispose();
        _inbound = null;
        _outbound = null;
    }

    private RelayPacketKind OnStun(Span<byte> packet)
    {
        if (StunMessage.IsSuccessResponse(packet))
        {
            if (Consent.OnResponse(packet))
            {
                return RelayPacketKind.Stun;
            }

            _counters.StunRefused++;
            return RelayPacketKind.Dropped;
        }

        var result = _ice.Handle(packet, RemoteEndPoint, _stun.AsSpan(RelayHeader.Length), out var written);
        if (written > 0)
        {
            Send(_stun.AsSpan(0, RelayHeader.Length + written));
        }

        if (result is IceCheckResult.Answered or IceCheckResult.AnsweredAndNominated or IceCheckResult.Retransmitted)
        {
            return RelayPacketKind.Stun;
        }

        _counters.StunRefused++;
        return RelayPacketKind.Dropped;
    }

    private bool Protect(Span<byte> buffer, int length, bool rtcp)
    {
        var outbound = _outbound;
        if (!IsConnected || outbound is null)
        {
            return false;
        }

        var room = _scratch.Length - RelayHeader.Length - SrtpSession.MaxRtcpOverhead;
        if (length > room)
        {
            _counters.SendRefused++;
            return false;
        }

        var packet = _scratch.AsSpan(RelayHeader.Length);
        buffer[..length].CopyTo(packet);
        int protectedLength;
        var ok = rtcp ? outbound.ProtectRtcp(packet, length, out protectedLength) : outbound.ProtectRtp(packet, length, out protectedLength);
        if (!ok)
        {
            _counters.SendRefused++;
            return false;
        }

        LastSentLength = RelayHeader.Length + protectedLength;
        Send(_scratch.AsSpan(0, LastSentLength));
        return true;
    }

    private void Send(ReadOnlySpan<byte> datagram)
    {
        _socket.Send(datagram, RemoteAddress);
        PacketsSent++;
        BytesSent += datagram.Length;
        _counters.BytesSent += datagram.Length;
    }

    /// <summary>After one packet failed to unprotect: counts why (the session's counters moved; only on failures).</summary>
    private void CountInboundRefusal()
    {
        var inbound = _inbound!;
        var (auth, replays, streams) = (inbound.AuthenticationFailures, inbound.ReplaysDropped, inbound.StreamLimitDropped + inbound.RetiredStreamDropped);
        if (replays != _replays)
        {
            _counters.SrtpReplayed++;
        }
        else if (auth != _authFailures)
        {
            _counters.SrtpAuthenticationFailed++;
        }
        else if (streams != _streamRefusals)
        {
            _counters.SrtpStreamRefused++;
        }
        else
        {
            _counters.MalformedDropped++;
        }

        (_authFailures, _replays, _streamRefusals) = (auth, replays, streams);
    }
}
