using System.Net;
using System.Net.Sockets;
using ScaleMeet.Media.Dtls;
using ScaleMeet.Media.Srtp;

namespace ScaleMeet.LoadTest.Peers;

/// <summary>Receives one unprotected RTP packet or RTCP compound; the span is valid only during the call.</summary>
public delegate void SyntheticPacketHandler(ReadOnlySpan<byte> packet);

/// <summary>Where a <see cref="SyntheticTransport"/> is in its life.</summary>
public enum SyntheticTransportState
{
    New,
    Checking,
    Handshaking,
    Connected,
    Failed,
    Closed,
}

/// <summary>
/// The client side of one WebRTC peer connection without a browser, on its own UDP socket: ICE as the
/// controlling agent towards an ICE-lite server (nominating check, then consent checks every
/// <see cref="SyntheticTransportOptions.ConsentInterval"/>), DTLS client with the server's fingerprint pinned (DTLS server
/// instead when the server's SDP says <c>a=setup:active</c>, as Janus answers),
/// SRTP/SRTCP with the exported keys. RTP and RTCP arrive, unprotected, through <see cref="RtpReceived"/> and
/// <see cref="RtcpReceived"/>.
/// <para>Threading: a receive thread (started by <see cref="ConnectAsync"/>) demultiplexes STUN/DTLS/SRTP (RFC 7983)
/// and runs the callbacks; the send methods are thread-safe (one lock around the outbound SRTP state) and do not
/// allocate. Datagrams from any address other than the server's candidate are dropped.</para>
/// </summary>
public sealed partial class SyntheticTransport : IDisposable
{
    private const int MaxDatagram = 2048;

    private readonly SyntheticTransportOptions _options;
    private readonly Socket _socket;
    private readonly DtlsCertificate _certificate;
    private readonly object _sendLock = new();
    private readonly byte[] _sendBuffer = GC.AllocateArray<byte>(MaxDatagram, pinned: true);
    private TaskCompletionSource _nominated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IceControllingAgent? _ice;
    private SocketAddress? _remoteAddress;
    private DtlsEndpoint? _dtls;
    private volatile SrtpSession? _inbound;
    private SrtpSession? _outbound;
    private Timer? _consentTimer;
    private Thread? _receiveThread;
    private int _state;

    public SyntheticTransport(SyntheticTransportOptions? options = null)
    {
        _options = options ?? new SyntheticTransportOptions();
        var problem = _options.Validate();
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _certificate = _options.Certificate ?? DtlsCertificate.Generate("scalemeet-synthetic");
        _socket = new Socket(_options.BindAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = _options.ReceiveBufferSize,
        };
        _socket.Bind(new IPEndPoint(_options.BindAddress, 0));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        LocalUfrag = Media.Ice.IceLiteSession.NewUfrag();
        LocalPwd = Media.Ice.IceLiteSession.NewPassword();
    }

    public IPEndPoint LocalEndPoint { get; }

    public string LocalUfrag { get; }

    public string LocalPwd { get; }

    /// <summary>SHA-256 fingerprint of our certificate, for <c>a=fingerprint:sha-256</c>.</summary>
    public string LocalFingerprint => _certificate.Fingerprint;

    public SyntheticTransportState State => (SyntheticTransportState)Volatile.Read(ref _state);

    /// <summary>The server side, once <see cref="ConnectAsync"/> was called.</summary>
    public RemoteTransportParameters? Remote => _ice?.Remote;

    /// <summary>The SRTP profile the DTLS handshake chose, once connected.</summary>
    public SrtpProfile? Profile { get; private set; }

    /// <summary>Unprotected RTP, on the receive thread. Set before connecting; exceptions are counted in <see cref="HandlerErrors"/>.</summary>
    public SyntheticPacketHandler? RtpReceived { get; set; }

    /// <summary>Unprotected RTCP compounds, on the receive thread.</summary>
    public SyntheticPacketHandler? RtcpReceived { get; set; }

    /// <summary>
    /// Connects to the server described by <paramref name="remote"/>: ICE until a nominating check succeeds, then the
    /// DTLS handshake, then SRTP. Throws <see cref="TimeoutException"/> after <see cref="SyntheticTransportOptions.ConnectTimeout"/>
    /// and <see cref="DtlsHandshakeException"/> when DTLS fails; the transport is then <see cref="SyntheticTransportState.Failed"/>.
    /// </summary>
    public async Task ConnectAsync(RemoteTransportParameters remote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (Interlocked.CompareExchange(ref _state, (int)SyntheticTransportState.Checking, (int)SyntheticTransportState.New) != (int)SyntheticTransportState.New)
        {
            throw new InvalidOperationException($"ConnectAsync can be called once, on a new transport (state {State}).");
        }

        _remoteAddress = remote.Candidate.Serialize();
        _ice = new IceControllingAgent(LocalUfrag, remote);
        Task<DtlsSrtpKeys>? serverHandshake = null;
        if (remote.LocalDtlsRole == DtlsRole.Server)
        {
            // The peer starts DTLS as soon as our nominating check reaches it: be ready for its ClientHello before
            // the first check goes out (the receive thread hands DTLS to _dtls once it is set).
            _dtls = NewDtls(DtlsRole.Server, remote);
            serverHandshake = _dtls.StartHandshake();
            _ = serverHandshake.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        if (_receiveThread is null)
        {
            _receiveThread = new Thread(ReceiveLoop) { IsBackground = true, Name = "synthetic-peer-rx" };
            _receiveThread.Start();
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.ConnectTimeout);
        try
        {
            await RunChecksAsync(deadline.Token).ConfigureAwait(false);
            SetState(SyntheticTransportState.Handshaking);
            if (_options.BeforeHandshake is { } beforeHandshake)
            {
                await beforeHandshake(this, deadline.Token).ConfigureAwait(false);
            }

            if (serverHandshake is null)
            {
                _dtls = NewDtls(DtlsRole.Client, remote);
            }

            var keys = await (serverHandshake ?? _dtls!.StartHandshake()).WaitAsync(deadline.Token).ConfigureAwait(false);
            InstallKeys(keys);
            SetState(SyntheticTransportState.Connected);
            _consentTimer = new Timer(_ => SendCheck(nominate: false), null, _options.ConsentInterval, _options.ConsentInterval);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var reached = State;
            Fail();
            throw new TimeoutException($"Connecting to {remote.Candidate} did not finish within {_options.ConnectTimeout.TotalSeconds:0.#} s (stuck in {reached}).");
        }
        catch
        {
            Fail();
            throw;
        }
    }

    /// <summary>Our DTLS role, once <see cref="ConnectAsync"/> was called: client unless the server's SDP says <c>a=setup:active</c>.</summary>
    public DtlsRole? LocalDtlsRole => _dtls?.Role;

    /// <summary>Protects and sends one plain RTP packet. False when not connected or the packet is not valid RTP.</summary>
    public bool SendRtp(ReadOnlySpan<byte> rtp) => ProtectAndSend(rtp, rtcp: false);

    /// <summary>Protects and sends one plain RTCP compound. False when not connected or the packet is not valid RTCP.</summary>
    public bool SendRtcp(ReadOnlySpan<byte> rtcp) => ProtectAndSend(rtcp, rtcp: true);

    /// <summary>
    /// Protects <paramref name="rtp"/> into <paramref name="destination"/> (room for <see cref="SrtpSession.MaxRtpOverhead"/> more)
    /// without sending it, e.g. to corrupt it first. Advances the outbound SRTP state like a send.
    /// </summary>
    public bool TryProtectRtp(ReadOnlySpan<byte> rtp, Span<byte> destination, out int written)
    {
        lock (_sendLock)
        {
            written = 0;
            if (_outbound is null || rtp.Length + SrtpSession.MaxRtpOverhead > destination.Length)
            {
                return false;
            }

            rtp.CopyTo(destination);
            return _outbound.ProtectRtp(destination, rtp.Length, out written);
        }
    }

    /// <summary>Sends <paramref name="datagram"/> as it is to the server (tests: garbage, replays, forged packets).</summary>
    public void SendRaw(ReadOnlySpan<byte> datagram)
    {
        lock (_sendLock)
        {
            SendLocked(datagram);
        }
    }

    /// <summary>
    /// Forgets the server it was connected to (its media moved to another bridge: signaling <c>moved</c>), so that
    /// <see cref="ConnectAsync"/> can run again towards the new one. The socket, the certificate, the ICE credentials and
    /// the packet handlers stay; ICE, DTLS and SRTP state go. Sends fail until the new connection is up. Not while a
    /// <see cref="ConnectAsync"/> runs.
    /// </summary>
    public void Restart()
    {
        if (State is SyntheticTransportState.Closed)
        {
            throw new ObjectDisposedException(nameof(SyntheticTransport));
        }

        StopConsentChecks();
        var dtls = Interlocked.Exchange(ref _dtls, null);
        lock (_sendLock)
        {
            _outbound?.Dispose();
            _outbound = null;
        }

        var inbound = _inbound;
        _inbound = null;
        inbound?.Dispose();
        _ice = null;
        _remoteAddress = null;
        Profile = null;
        _nominated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        dtls?.Close();
        SetState(SyntheticTransportState.New);
    }

    /// <summary>Stops consent checks, as a peer that vanished would; the server's consent then lapses.</summary>
    public void StopConsentChecks() => Interlocked.Exchange(ref _consentTimer, null)?.Dispose();

    public void Dispose()
    {
        var previous = (SyntheticTransportState)Interlocked.Exchange(ref _state, (int)SyntheticTransportState.Closed);
        if (previous == SyntheticTransportState.Closed)
        {
            return;
        }

        StopConsentChecks();
        _nominated.TrySetCanceled();
        _resume.Set();
        // Our close_notify goes out from a DTLS pool work item: let it leave before the socket closes.
        _dtls?.CloseAsync().Wait(TimeSpan.FromSeconds(1));
        _socket.Dispose();
        if (_receiveThread is { } thread && thread != Thread.CurrentThread)
        {
            thread.Join(TimeSpan.FromSeconds(2));
        }

        lock (_sendLock)
        {
            _outbound?.Dispose();
            _outbound = null;
        }

        _inbound?.Dispose();
        _inbound = null;
        _resume.Dispose();
    }

    private async Task RunChecksAsync(CancellationToken cancellationToken)
    {
        var interval = _options.CheckInterval;
        while (true)
        {
            SendCheck(nominate: true);
            try
            {
                await _nominated.Task.WaitAsync(interval, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TimeoutException)
            {
                interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, _options.MaxCheckInterval.Ticks));
            }
        }
    }

    private DtlsEndpoint NewDtls(DtlsRole role, RemoteTransportParameters remote) =>
        new(role, _certificate, SendDatagram, _options.ConnectTimeout) { ExpectedRemoteFingerprint = remote.Fingerprint };

    private void SendCheck(bool nominate)
    {
        var ice = _ice;
        if (ice is null || State is SyntheticTransportState.Closed or SyntheticTransportState.Failed)
        {
            return;
        }

        lock (_sendLock)
        {
            var length = ice.WriteCheck(_sendBuffer, nominate);
            SendLocked(_sendBuffer.AsSpan(0, length));
        }
    }

    private void InstallKeys(DtlsSrtpKeys keys)
    {
        Profile = keys.Profile;
        _inbound = new SrtpSession(keys.Profile, keys.RemoteMasterKey, keys.RemoteMasterSalt);
        lock (_sendLock)
        {
            _outbound = new SrtpSession(keys.Profile, keys.LocalMasterKey, keys.LocalMasterSalt);
        }
    }

    private bool ProtectAndSend(ReadOnlySpan<byte> packet, bool rtcp)
    {
        lock (_sendLock)
        {
            var overhead = rtcp ? SrtpSession.MaxRtcpOverhead : SrtpSession.MaxRtpOverhead;
            if (_outbound is null || packet.Length + overhead > _sendBuffer.Length)
            {
                return false;
            }

            packet.CopyTo(_sendBuffer);
            var ok = rtcp
                ? _outbound.ProtectRtcp(_sendBuffer, packet.Length, out var length)
                : _outbound.ProtectRtp(_sendBuffer, packet.Length, out length);
            if (!ok)
            {
                return false;
            }

            SendLocked(_sendBuffer.AsSpan(0, length));
            if (rtcp)
            {
                _rtcpSent++;
            }
            else
            {
                _rtpSent++;
            }

            return true;
        }
    }

    /// <summary>DTLS flights, on a DTLS pool worker.</summary>
    private void SendDatagram(ReadOnlyMemory<byte> datagram)
    {
        lock (_sendLock)
        {
            SendLocked(datagram.Span);
        }
    }

    private void SendLocked(ReadOnlySpan<byte> datagram)
    {
        var to = _remoteAddress;
        if (to is null)
        {
            return;
        }

        try
        {
            _socket.SendTo(datagram, SocketFlags.None, to);
        }
        catch (SocketException)
        {
            _sendErrors++;
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void SetState(SyntheticTransportState state) => Volatile.Write(ref _state, (int)state);

    private void Fail()
    {
        if (Interlocked.CompareExchange(ref _state, (int)SyntheticTransportState.Failed, (int)SyntheticTransportState.Checking) != (int)SyntheticTransportState.Checking)
        {
            Interlocked.CompareExchange(ref _state, (int)SyntheticTransportState.Failed, (int)SyntheticTransportState.Handshaking);
        }

        StopConsentChecks();
        _dtls?.Close();
    }
}
