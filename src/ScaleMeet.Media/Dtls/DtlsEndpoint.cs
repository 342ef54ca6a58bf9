using Org.BouncyCastle.Tls;
using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Media.Dtls;

/// <summary>
/// One DTLS-SRTP association (RFC 5764) on BouncyCastle's DTLS 1.2, run by a <see cref="DtlsHandshakePool"/>.
/// <para>Life: <see cref="StartHandshake"/> arms it (a server waits for the peer's first datagram before taking a place
/// in the pool's queue; a client queues at once). A pool worker runs the blocking handshake, publishes the SRTP keys
/// and is released at once; a peer that goes quiet for <see cref="DtlsEndpointSettings.HandshakeSilenceTimeout"/>
/// meanwhile fails it as <see cref="DtlsHandshakeFailure.Silent"/> and releases the worker just as soon. From then on no thread is held: each later datagram — the peer's retransmitted last
/// flight (answered with ours until <see cref="OnPeerMediaReceived"/> or <see cref="DtlsEndpointSettings.FinalFlightTimeout"/>),
/// close_notify, an alert — is processed by a short work item on the pool, and <see cref="Close"/> sends our
/// close_notify the same way.</para>
/// <para>Threading: every public member is thread-safe and returns without waiting for a worker; <see cref="Enqueue"/>
/// only screens and copies into a bounded queue. The send callback runs on a pool worker.</para>
/// <para>Both sides present a certificate and check the peer's against <see cref="ExpectedRemoteFingerprint"/>.
/// Application data is ignored (no SCTP data channel).</para>
/// </summary>
public sealed class DtlsEndpoint : IDisposable
{
    /// <summary>Default bound of the inbound queue, in datagrams: a handshake flight is at most ~6 datagrams.</summary>
    public const int DefaultQueueCapacity = 64;

    /// <summary>Largest inbound datagram accepted (Ethernet MTU); larger ones are counted as malformed.</summary>
    public const int MaxDatagramSize = 1500;

    /// <summary>How long one post-handshake BouncyCastle receive may wait for more datagrams.</summary>
    private const int PostHandshakeReceiveMillis = 1;

    private readonly DtlsCertificate _certificate;
    private readonly DtlsEndpointSettings _settings;
    private readonly DtlsHandshakePool _pool;
    private readonly DtlsDatagramQueue _queue;
    private readonly TaskCompletionSource<DtlsSrtpKeys> _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _outcomeClaimed; // the first outcome is counted before it is published: whoever the task wakes sees the count
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closeSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _lifecycle = new();
    private readonly DtlsRecordCallback _onRecord;
    private IReadOnlyList<SrtpProfile> _profiles = DtlsSrtpNegotiation.DefaultProfiles;
    private volatile string? _expectedRemoteFingerprint;
    private volatile string? _closeReason;
    private DtlsEndpointState _state;       // guarded by _lifecycle
    private bool _closeRequested;           // guarded by _lifecycle
    private bool _workScheduled;            // guarded by _lifecycle: a post-handshake work item is queued or running
    private bool _closeNotifyPending;       // guarded by _lifecycle: a local close waits to send close_notify
    private long _startedAt;                // guarded by _lifecycle
    private DtlsAddressKey? _peerAddress;   // guarded by _lifecycle: set by StartHandshake
    private DtlsQueuedHandshake? _ticket;   // guarded by _lifecycle
    private ITimer? _deadline;              // guarded by _lifecycle
    private ITimer? _finalFlight;           // guarded by _lifecycle
    private DtlsTransport? _transport;      // set on the handshake worker before Connected; used by one work item at a time
    private DtlsHandshakeContext? _session;
    private byte[]? _receiveBuffer;
    private volatile bool _settled;
    private long _authenticatedRecords;
    private long _discardedRecords;

    /// <summary>An endpoint on <see cref="DtlsHandshakePool.Shared"/> with default limits apart from the two given.</summary>
    /// <param name="role">Server (bridge towards browsers) or client.</param>
    /// <param name="localCertificate">Our certificate; its fingerprint goes into our SDP.</param>
    /// <param name="send">Sends one datagram to the peer; called on a pool worker; copy the data to keep it. Exceptions are counted in <see cref="SendFailures"/>.</param>
    /// <param name="handshakeTimeout">Gives up the handshake after this long (e.g. 30 s); between 1 ms and int.MaxValue ms.</param>
    /// <param name="queueCapacity">Inbound datagrams buffered before drops; default <see cref="DefaultQueueCapacity"/>.</param>
    public DtlsEndpoint(DtlsRole role, DtlsCertificate localCertificate, Action<ReadOnlyMemory<byte>> send, TimeSpan handshakeTimeout,
        int queueCapacity = DefaultQueueCapacity)
        : this(role, localCertificate, send, new DtlsEndpointSettings { HandshakeTimeout = handshakeTimeout, QueueCapacity = queueCapacity },
            DtlsHandshakePool.Shared)
    {
    }

    /// <param name="role">Server (bridge towards browsers) or client.</param>
    /// <param name="localCertificate">Our certificate; its fingerprint goes into our SDP.</param>
    /// <param name="send">Sends one datagram to the peer; called on a pool worker; copy the data to keep it.</param>
    /// <param name="settings">Limits (validated: <see cref="DtlsEndpointSettings.Validate"/>).</param>
    /// <param name="pool">Runs the handshake and the later work items; counts what happened.</param>
    public DtlsEndpoint(DtlsRole role, DtlsCertificate localCertificate, Action<ReadOnlyMemory<byte>> send, DtlsEndpointSettings settings,
        DtlsHandshakePool pool)
    {
        ArgumentNullException.ThrowIfNull(localCertificate);
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(pool);
        string? problem = settings.Validate();
        if (problem is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings, problem);
        }

        Role = role;
        _certificate = localCertificate;
        _settings = settings;
        _pool = pool;
        _queue = new DtlsDatagramQueue(settings, pool, send);
        _onRecord = _ => Interlocked.Increment(ref _authenticatedRecords);
    }

    public DtlsRole Role { get; }

    /// <summary>
    /// The peer's <c>a=fingerprint:sha-256</c> value from SDP (hex with colons; an optional "sha-256 " prefix is accepted).
    /// Must be set before the handshake finishes; a mismatch fails the handshake with a bad_certificate alert.
    /// </summary>
    public string? ExpectedRemoteFingerprint
    {
        get => _expectedRemoteFingerprint;
        set => _expectedRemoteFingerprint = value;
    }

    /// <summary>
    /// SRTP profiles in preference order: offered by a client, accepted by a server (which picks its first one the
    /// client offered). Default: AEAD_AES_128_GCM, AES_CM_128_HMAC_SHA1_80. Fixed once the handshake starts.
    /// </summary>
    public IReadOnlyList<SrtpProfile> Profiles
    {
        get => _profiles;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Count == 0 || value.Any(p => !DtlsSrtpNegotiation.IsSupported(p)) || value.Distinct().Count() != value.Count)
            {
                throw new ArgumentException("Profiles must be a non-empty list of distinct supported SRTP profiles.", nameof(value));
            }

            lock (_lifecycle)
            {
                if (_state != DtlsEndpointState.New)
                {
                    throw new InvalidOperationException("Profiles cannot change after StartHandshake.");
                }

                _profiles = value.ToArray();
            }
        }
    }

    /// <summary>The peer was silent for the handshake silence timeout (set by the timer itself, before the worker unwinds).</summary>
    internal bool PeerSilent => _queue.PeerSilent;

    /// <summary>Test hook: cipher suites (BouncyCastle CipherSuite values) replacing the default list; set before StartHandshake.</summary>
    internal int[]? CipherSuitesOverride { get; set; }

    /// <summary>Completes when the association has ended (handshake failure, close_notify, fatal alert, <see cref="Close"/>). Never faults.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Why the association ended, once <see cref="Closed"/> has completed.</summary>
    public string? CloseReason => _closeReason;

    /// <summary>Inbound datagrams dropped because the queue was full (or the endpoint closed).</summary>
    public long DroppedDatagrams => _queue.Dropped(DtlsDropReason.QueueFull) + _queue.Dropped(DtlsDropReason.Closed);

    /// <summary>Inbound datagrams dropped because they were not well-formed DTLS records.</summary>
    public long MalformedDatagrams => _queue.Dropped(DtlsDropReason.Malformed);

    /// <summary>Inbound datagrams dropped for <paramref name="reason"/>.</summary>
    public long Dropped(DtlsDropReason reason) => _queue.Dropped(reason);

    /// <summary>The most bytes this endpoint held for its peer at once during the handshake.</summary>
    public int PeakHandshakeBytes => _queue.PeakHandshakeBytes;

    /// <summary>Sends whose callback threw; the last exception is in <see cref="LastSendError"/>.</summary>
    public long SendFailures => _queue.SendFailures;

    public Exception? LastSendError => _queue.LastSendError;

    /// <summary>
    /// Records received after the handshake that BouncyCastle dropped: they failed authentication (forged or corrupted,
    /// RFC 6347 §4.1.2.7), were replays or belonged to a stale epoch. Up to date once the work item that read them ended.
    /// </summary>
    public long DiscardedRecords => Interlocked.Read(ref _discardedRecords);

    /// <summary>RFC 7983 demultiplexing: a first byte in 20..63 is DTLS.</summary>
    public static bool IsDtls(ReadOnlySpan<byte> packet) => !packet.IsEmpty && packet[0] is >= 20 and <= 63;

    /// <summary>Hands one received datagram to the association. Thread-safe; copies; never throws on bad input.</summary>
    public void Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (_queue.Enqueue(datagram) is not null)
        {
            return;
        }

        DtlsEndpointState state;
        lock (_lifecycle)
        {
            state = _state;
            if (state == DtlsEndpointState.Connected && !_workScheduled)
            {
                _workScheduled = true;
            }
            else if (state != DtlsEndpointState.Armed)
            {
                return;
            }
        }

        if (state == DtlsEndpointState.Armed)
        {
            QueueHandshake();
        }
        else
        {
            PostWork();
        }
    }

    /// <summary>
    /// Starts the handshake (once; later calls return the same task): the handshake timeout starts now. Completes with
    /// the SRTP keys or faults with <see cref="DtlsHandshakeException"/>. The pool does not limit it per address.
    /// </summary>
    public Task<DtlsSrtpKeys> StartHandshake() => StartHandshake(null);

    /// <summary>
    /// <see cref="StartHandshake()"/>, counted against <paramref name="peerAddress"/>'s share of the pool's workers
    /// (<see cref="DtlsPoolSettings.MaxHandshakesPerAddress"/>); null: not limited. A server passes the address that
    /// passed ICE, so one peer's stalled handshakes cannot take every worker.
    /// </summary>
    public Task<DtlsSrtpKeys> StartHandshake(DtlsAddressKey? peerAddress)
    {
        bool queueNow;
        lock (_lifecycle)
        {
            if (_state != DtlsEndpointState.New)
            {
                return _handshake.Task;
            }

            if (_closeRequested)
            {
                _state = DtlsEndpointState.Closed;
                if (ClaimOutcome())
                {
                    _handshake.TrySetException(ClosedDuringHandshake());
                }

                return _handshake.Task;
            }

            _startedAt = _pool.Time.GetTimestamp();
            _peerAddress = peerAddress;
            _deadline = _pool.Time.CreateTimer(static state => ((DtlsEndpoint)state!).OnDeadline(), this, _settings.HandshakeTimeout, Timeout.InfiniteTimeSpan);
            _state = DtlsEndpointState.Armed;
            queueNow = Role == DtlsRole.Client || _queue.HasPending;
        }

        if (queueNow)
        {
            QueueHandshake();
        }

        return _handshake.Task;
    }

    /// <summary>
    /// The peer's first authenticated SRTP or SRTCP packet arrived: it has our keys, so its last flight will not be
    /// retransmitted. From now on only encrypted alerts are processed. Cheap; call it for every packet if simpler.
    /// </summary>
    public void OnPeerMediaReceived()
    {
        if (!_settled && Volatile.Read(ref _transport) is not null)
        {
            Settle();
        }
    }

    /// <summary>
    /// Ends the association: a queued or armed handshake is withdrawn, a running one is cancelled by its worker
    /// (user_canceled), a connected one sends close_notify from a short work item. Returns at once; idempotent; safe
    /// from any thread, including the send callback.
    /// </summary>
    public void Close()
    {
        DtlsQueuedHandshake? ticket;
        DtlsEndpointState state;
        bool postCloseNotify = false;
        lock (_lifecycle)
        {
            if (_closeRequested)
            {
                return;
            }

            _closeRequested = true;
            state = _state;
            ticket = _ticket;
            _ticket = null;
            if (state == DtlsEndpointState.Connected)
            {
                _closeNotifyPending = true;
                postCloseNotify = !_workScheduled;
                _workScheduled = true;
            }
        }

        if (ticket is not null)
        {
            _pool.TryCancel(ticket);
        }

        if (state == DtlsEndpointState.Connected)
        {
            Finish("closed locally");
            if (postCloseNotify)
            {
                PostWork();
            }

            return;
        }

        // Not connected: a running handshake unwinds on its worker (the queue tells it); nothing else holds us.
        _closeSent.TrySetResult();
        Finish(state == DtlsEndpointState.New ? "closed locally before the handshake started" : "closed locally during the handshake");
        if (ClaimOutcome())
        {
            if (state != DtlsEndpointState.New)
            {
                _pool.CountFailed(DtlsHandshakeFailure.Closed);
            }

            _handshake.TrySetException(ClosedDuringHandshake());
        }
    }

    /// <summary>
    /// <see cref="Close"/>, and a task that completes once our close_notify (or user_canceled) went out through the send
    /// callback, or at once when there was nothing to tell the peer. For a client that closes its socket right after.
    /// </summary>
    public Task CloseAsync()
    {
        Close();
        return _closeSent.Task;
    }

    public void Dispose() => Close();

    /// <summary>The pool refused the queued handshake (queue full, queue timeout, shutdown). Any thread.</summary>
    internal void OnRefused(string reason)
    {
        lock (_lifecycle)
        {
            _ticket = null;
        }

        FailHandshake(new DtlsHandshakeException(DtlsHandshakeFailure.Refused, $"The DTLS handshake was refused: {reason}."), count: false);
    }

    /// <summary>Runs the blocking handshake on a pool worker.</summary>
    internal void RunHandshake()
    {
        TimeSpan remaining;
        lock (_lifecycle)
        {
            _ticket = null;
            if (_state != DtlsEndpointState.Queued || _closeRequested)
            {
                return;
            }

            _state = DtlsEndpointState.Running;
            remaining = _settings.HandshakeTimeout - _pool.Time.GetElapsedTime(_startedAt);
        }

        if (remaining < TimeSpan.FromMilliseconds(1))
        {
            FailHandshake(TimedOut(null), count: true);
            return;
        }

        // The peer's silence counts from now: its first datagram (a server's reason to queue) is what we read first.
        _queue.BeginHandshake(_settings.HandshakeSilenceTimeout);
        var session = new DtlsHandshakeContext(_certificate, _profiles, (int)remaining.TotalMilliseconds, _settings.MaxHandshakeMessageSize,
            () => _expectedRemoteFingerprint, CipherSuitesOverride);
        _session = session;
        DtlsTransport transport;
        try
        {
            if (Role == DtlsRole.Server)
            {
                var server = new DtlsSrtpServer(session);
                _queue.CloseRequestedHandler = server.Cancel;
                transport = new DtlsServerProtocol().Accept(server, _queue);
            }
            else
            {
                var client = new DtlsSrtpClient(session);
                _queue.CloseRequestedHandler = client.Cancel;
                transport = new DtlsClientProtocol().Connect(client, _queue);
            }
        }
        catch (Exception ex)
        {
            FailHandshake(Classify(ex, session), count: true);
            return;
        }

        _queue.EnterFinalFlight();
        bool closeRequested;
        lock (_lifecycle)
        {
            closeRequested = _closeRequested;
            if (!closeRequested)
            {
                Volatile.Write(ref _transport, transport);
                _state = DtlsEndpointState.Connected;
                _deadline?.Dispose();
                _finalFlight = _pool.Time.CreateTimer(static state => ((DtlsEndpoint)state!).Settle(), this, _settings.FinalFlightTimeout,
                    Timeout.InfiniteTimeSpan);
            }
        }

        if (closeRequested || session.Keys is null)
        {
            // Closed while the last messages were exchanged: tell the peer, publish nothing.
            CloseQuietly(transport);
            FailHandshake(ClosedDuringHandshake(), count: true);
            return;
        }

        if (ClaimOutcome())
        {
            _pool.CountCompleted();
            _handshake.TrySetResult(session.Keys);
        }

        // Datagrams that arrived while the handshake finished (a retransmission, an early alert) get a work item now.
        bool post = false;
        lock (_lifecycle)
        {
            if (_state == DtlsEndpointState.Connected && !_workScheduled && _queue.HasPending)
            {
                _workScheduled = true;
                post = true;
            }
        }

        if (post)
        {
            PostWork();
        }
    }

    /// <summary>
    /// A short work item on a pool worker (one per endpoint at a time): reads what is queued through BouncyCastle
    /// (which answers a retransmitted flight and handles alerts), or sends the close_notify of a local close.
    /// </summary>
    internal void RunPostHandshakeWork()
    {
        DtlsTransport? transport = Volatile.Read(ref _transport);
        bool closeNotify;
        lock (_lifecycle)
        {
            closeNotify = _closeNotifyPending;
            _closeNotifyPending = false;
        }

        string? ended = null;
        if (transport is not null && closeNotify)
        {
            CloseQuietly(transport);
            _closeSent.TrySetResult();
        }
        else if (transport is not null && !_closeRequested)
        {
            ended = Drain(transport);
        }

        if (ended is not null)
        {
            Finish(ended);
        }

        bool again;
        lock (_lifecycle)
        {
            again = _closeNotifyPending || (_state == DtlsEndpointState.Connected && !_closeRequested && _queue.HasPending);
            _workScheduled = again;
        }

        if (again)
        {
            PostWork();
        }
    }

    /// <summary>Reads every queued datagram; returns why the association ended, or null while it lives.</summary>
    private string? Drain(DtlsTransport transport)
    {
        byte[] buffer = _receiveBuffer ??= new byte[transport.GetReceiveLimit()];
        long authenticatedBefore = Interlocked.Read(ref _authenticatedRecords);
        long receivedBefore = _queue.RecordsReceivedAfterHandshake;
        string? ended = null;
        try
        {
            // ≥ 0: application data (unused, no SCTP); −1: nothing more within the short wait. Either way keep reading
            // while datagrams wait, so one work item clears a burst.
            while (transport.Receive(buffer, 0, buffer.Length, PostHandshakeReceiveMillis, _onRecord) >= 0 || _queue.HasPending)
            {
            }
        }
        catch (Exception ex)
        {
            ended = DescribeEnd(ex);
        }

        long discarded = (_queue.RecordsReceivedAfterHandshake - receivedBefore) - (Interlocked.Read(ref _authenticatedRecords) - authenticatedBefore);
        if (discarded > 0)
        {
            Interlocked.Add(ref _discardedRecords, discarded);
            _pool.CountDiscardedRecords(discarded);
        }

        if (ended is null && _queue.TransportClosed)
        {
            ended = DescribeEnd(null);
        }

        return ended;
    }

    private string DescribeEnd(Exception? ex)
    {
        DtlsHandshakeContext? session = _session;
        if (session?.PeerClosed == true)
        {
            return "the peer sent close_notify";
        }

        if (session?.FatalAlertReceived is short alert)
        {
            return $"the peer sent fatal alert {AlertDescription.GetText(alert)}";
        }

        return ex is null
            ? "the DTLS association was closed by the record layer"
            : $"the DTLS receive failed ({Describe(ex)}); the association is closed";
    }

    private void QueueHandshake()
    {
        string? refusal = null;
        lock (_lifecycle)
        {
            if (_state != DtlsEndpointState.Armed || _closeRequested)
            {
                return;
            }

            _state = DtlsEndpointState.Queued;
            _ticket = _pool.TryQueueHandshake(this, _peerAddress, out refusal);
            if (_ticket is not null || refusal is null)
            {
                return;
            }
        }

        FailHandshake(new DtlsHandshakeException(DtlsHandshakeFailure.Refused, $"The DTLS handshake was refused: {refusal}."), count: false);
    }

    private void PostWork()
    {
        if (!_pool.Post(this))
        {
            lock (_lifecycle)
            {
                _workScheduled = false;
                _closeNotifyPending = false;
            }

            _closeSent.TrySetResult();
            Finish("the DTLS handshake pool was shut down");
        }
    }

    private void OnDeadline()
    {
        DtlsQueuedHandshake? ticket;
        lock (_lifecycle)
        {
            // A running handshake is timed by BouncyCastle itself (it got the remaining time).
            if (_state is not (DtlsEndpointState.Armed or DtlsEndpointState.Queued))
            {
                return;
            }

            ticket = _ticket;
            _ticket = null;
        }

        if (ticket is not null && !_pool.TryCancel(ticket))
        {
            return; // a worker took it just now
        }

        FailHandshake(TimedOut(null), count: true);
    }

    private void Settle()
    {
        ITimer? timer;
        lock (_lifecycle)
        {
            if (_settled)
            {
                return;
            }

            _settled = true;
            timer = _finalFlight;
            _finalFlight = null;
        }

        timer?.Dispose();
        _queue.Settle();
    }

    private void FailHandshake(DtlsHandshakeException error, bool count)
    {
        if (ClaimOutcome())
        {
            if (count)
            {
                _pool.CountFailed(error.Failure);
            }

            _handshake.TrySetException(error);
        }

        Finish(error.Message);
    }

    private bool ClaimOutcome() => Interlocked.Exchange(ref _outcomeClaimed, 1) == 0;

    private DtlsHandshakeException Classify(Exception ex, DtlsHandshakeContext session)
    {
        if (_closeRequested)
        {
            return ClosedDuringHandshake(ex);
        }

        if (_queue.PeerSilent)
        {
            return new DtlsHandshakeException(DtlsHandshakeFailure.Silent,
                $"The DTLS peer sent nothing for {_settings.HandshakeSilenceTimeout!.Value.TotalSeconds:0.###} s during the handshake (as {Role}); its worker was freed.", ex);
        }

        if (session.Failure is var (kind, message))
        {
            return new DtlsHandshakeException(kind, message, ex);
        }

        if (session.FatalAlertReceived is short alert)
        {
            string hint = alert == AlertDescription.bad_certificate ? " (it probably rejected our certificate fingerprint)" : "";
            return new DtlsHandshakeException(DtlsHandshakeFailure.AlertReceived,
                $"The DTLS peer aborted the handshake with fatal alert {AlertDescription.GetText(alert)}{hint}.", ex);
        }

        if (ex is TlsTimeoutException)
        {
            return TimedOut(ex);
        }

        return new DtlsHandshakeException(DtlsHandshakeFailure.ProtocolError, $"The DTLS handshake failed: {Describe(ex)}.", ex);
    }

    private DtlsHandshakeException TimedOut(Exception? inner) =>
        new(DtlsHandshakeFailure.Timeout,
            $"The DTLS handshake timed out after {_settings.HandshakeTimeout.TotalSeconds:0.###} s (as {Role}); the peer did not complete it.", inner);

    private static DtlsHandshakeException ClosedDuringHandshake(Exception? inner = null) =>
        new(DtlsHandshakeFailure.Closed, "The DTLS handshake was aborted because the endpoint was closed.", inner);

    private static string Describe(Exception ex) => ex switch
    {
        TlsFatalAlertReceived received => $"the peer sent alert {AlertDescription.GetText(received.AlertDescription)}",
        TlsFatalAlert alert when alert.InnerException is { } cause => $"alert {AlertDescription.GetText(alert.AlertDescription)}: {cause.Message}",
        TlsFatalAlert alert => $"alert {AlertDescription.GetText(alert.AlertDescription)}",
        _ => ex.Message,
    };

    private static void CloseQuietly(DtlsTransport transport)
    {
        try
        {
            transport.Close();
        }
        catch (Exception)
        {
            // Sending close_notify failed (the socket is gone); the peer's consent check will notice.
        }
    }

    private void Finish(string reason)
    {
        ITimer? deadline;
        ITimer? finalFlight;
        lock (_lifecycle)
        {
            _closeReason ??= reason;
            _state = DtlsEndpointState.Closed;
            deadline = _deadline;
            finalFlight = _finalFlight;
            _deadline = null;
            _finalFlight = null;
        }

        deadline?.Dispose();
        finalFlight?.Dispose();

        // Frees what is queued; a handshake still on its worker sees the close and unwinds. Sends stay possible, so a
        // pending close_notify still goes out.
        _queue.Release();
        _closed.TrySetResult();
    }
}
