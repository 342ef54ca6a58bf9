using System.Diagnostics;
using Org.BouncyCastle.Crypto.Tls;
using Org.BouncyCastle.Security;
using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Media.Dtls;

/// <summary>
/// One DTLS-SRTP association (RFC 5764) on BouncyCastle's blocking DTLS 1.2.
/// <para>Threading: <see cref="Enqueue"/> is called by the network thread and only copies into a bounded queue.
/// <see cref="StartHandshake"/> starts one dedicated thread that runs the handshake, publishes the SRTP keys, and then
/// keeps receiving so that our last flight is retransmitted when the peer repeats its own (RFC 6347 §4.2.4) and alerts
/// are seen; close_notify, a fatal alert or <see cref="Close"/> end it. The send callback runs on that thread.</para>
/// <para>Both sides present a certificate and check the peer's against <see cref="ExpectedRemoteFingerprint"/>.
/// Application data is ignored (no SCTP data channel).</para>
/// </summary>
public sealed class DtlsEndpoint : IDisposable
{
    /// <summary>Default bound of the inbound queue, in datagrams: a handshake flight is at most ~6 datagrams.</summary>
    public const int DefaultQueueCapacity = 64;

    /// <summary>How long <see cref="Close"/> waits for the DTLS thread to send close_notify and exit.</summary>
    private static readonly TimeSpan s_closeWait = TimeSpan.FromSeconds(2);

    /// <summary>Receive wait of the post-handshake loop; any datagram or <see cref="Close"/> wakes it earlier.</summary>
    private const int IdleReceiveMillis = 60_000;

    private readonly DtlsCertificate _certificate;
    private readonly TimeSpan _handshakeTimeout;
    private readonly DtlsDatagramQueue _queue;
    private readonly TaskCompletionSource<DtlsSrtpKeys> _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _lifecycle = new();
    private IReadOnlyList<SrtpProfile> _profiles = DtlsSrtpNegotiation.DefaultProfiles;
    private volatile string? _expectedRemoteFingerprint;
    private volatile bool _closeRequested;
    private volatile string? _closeReason;
    private volatile DtlsHandshakeContext? _session;
    private Thread? _thread;
    private bool _started;

    /// <param name="role">Server (bridge towards browsers) or client.</param>
    /// <param name="localCertificate">Our certificate; its fingerprint goes into our SDP.</param>
    /// <param name="send">Sends one datagram to the peer; called on the DTLS thread; copy the data to keep it. Exceptions are counted in <see cref="SendFailures"/>.</param>
    /// <param name="handshakeTimeout">Gives up the handshake after this long (e.g. 30 s); between 1 ms and int.MaxValue ms.</param>
    /// <param name="queueCapacity">Inbound datagrams buffered before drops (<see cref="DroppedDatagrams"/>); default <see cref="DefaultQueueCapacity"/>.</param>
    public DtlsEndpoint(DtlsRole role, DtlsCertificate localCertificate, Action<ReadOnlyMemory<byte>> send, TimeSpan handshakeTimeout,
        int queueCapacity = DefaultQueueCapacity)
    {
        ArgumentNullException.ThrowIfNull(localCertificate);
        ArgumentNullException.ThrowIfNull(send);
        if (handshakeTimeout < TimeSpan.FromMilliseconds(1) || handshakeTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(handshakeTimeout), handshakeTimeout, "The DTLS handshake timeout must be between 1 ms and int.MaxValue ms.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        Role = role;
        _certificate = localCertificate;
        _handshakeTimeout = handshakeTimeout;
        _queue = new DtlsDatagramQueue(queueCapacity, send);
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
                if (_started)
                {
                    throw new InvalidOperationException("Profiles cannot change after StartHandshake.");
                }

                _profiles = value.ToArray();
            }
        }
    }

    /// <summary>Test hook: cipher suites (BouncyCastle CipherSuite values) replacing the default list; set before StartHandshake.</summary>
    internal int[]? CipherSuitesOverride { get; set; }

    /// <summary>Completes when the association has ended (handshake failure, close_notify, fatal alert, <see cref="Close"/>). Never faults.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Why the association ended, once <see cref="Closed"/> has completed.</summary>
    public string? CloseReason => _closeReason;

    /// <summary>Inbound datagrams dropped because the queue was full (or the endpoint closed).</summary>
    public long DroppedDatagrams => _queue.Dropped;

    /// <summary>Inbound datagrams dropped because they were not well-formed DTLS records.</summary>
    public long MalformedDatagrams => _queue.Malformed;

    /// <summary>Sends whose callback threw; the last exception is in <see cref="LastSendError"/>.</summary>
    public long SendFailures => _queue.SendFailures;

    public Exception? LastSendError => _queue.LastSendError;

    /// <summary>Encrypted records dropped because they failed authentication (forged or corrupted; RFC 6347 §4.1.2.7).</summary>
    public long DiscardedRecords => _session?.DiscardedRecords ?? 0;

    /// <summary>RFC 7983 demultiplexing: a first byte in 20..63 is DTLS.</summary>
    public static bool IsDtls(ReadOnlySpan<byte> packet) => !packet.IsEmpty && packet[0] is >= 20 and <= 63;

    /// <summary>Hands one received datagram to the association. Thread-safe; copies; never throws on bad input.</summary>
    public void Enqueue(ReadOnlySpan<byte> datagram) => _queue.Enqueue(datagram);

    /// <summary>
    /// Starts the handshake on a dedicated thread (once; later calls return the same task). Completes with the SRTP
    /// keys or faults with <see cref="DtlsHandshakeException"/>.
    /// </summary>
    public Task<DtlsSrtpKeys> StartHandshake()
    {
        lock (_lifecycle)
        {
            if (!_started)
            {
                _started = true;
                if (_closeRequested)
                {
                    _handshake.TrySetException(ClosedDuringHandshake());
                }
                else
                {
                    _thread = new Thread(Run) { IsBackground = true, Name = $"dtls-{Role.ToString().ToLowerInvariant()}" };
                    _thread.Start();
                }
            }
        }

        return _handshake.Task;
    }

    /// <summary>
    /// Ends the association: sends close_notify when connected (user_canceled during a handshake), stops the DTLS
    /// thread and waits briefly for it. Idempotent; safe from any thread, including the send callback.
    /// </summary>
    public void Close()
    {
        Thread? thread;
        lock (_lifecycle)
        {
            if (_closeRequested)
            {
                return;
            }

            _closeRequested = true;
            thread = _thread;
        }

        _queue.RequestClose();
        if (thread is null)
        {
            Finish("closed locally before the handshake started");
            return;
        }

        if (thread != Thread.CurrentThread)
        {
            thread.Join(s_closeWait);
        }
    }

    public void Dispose() => Close();

    private void Run()
    {
        var session = new DtlsHandshakeContext(_certificate, _profiles, (int)_handshakeTimeout.TotalMilliseconds,
            () => _expectedRemoteFingerprint, _queue, CipherSuitesOverride);
        _session = session;
        long startedAt = Stopwatch.GetTimestamp();
        DtlsTransport transport;
        try
        {
            if (Role == DtlsRole.Server)
            {
                var server = new DtlsSrtpServer(session);
                _queue.CloseRequestedHandler = server.Cancel;
                transport = new DtlsServerProtocol(new SecureRandom()).Accept(server, _queue);
            }
            else
            {
                var client = new DtlsSrtpClient(session);
                _queue.CloseRequestedHandler = client.Cancel;
                transport = new DtlsClientProtocol(new SecureRandom()).Connect(client, _queue);
            }
        }
        catch (Exception ex)
        {
            DtlsHandshakeException error = Classify(ex, session, Stopwatch.GetElapsedTime(startedAt));
            _handshake.TrySetException(error);
            Finish(error.Message);
            return;
        }

        if (_closeRequested || session.Keys is null)
        {
            _handshake.TrySetException(ClosedDuringHandshake());
        }
        else
        {
            _handshake.TrySetResult(session.Keys);
        }

        Finish(ReceiveUntilClosed(transport, session));
    }

    /// <summary>The post-handshake loop: BouncyCastle retransmits our final flight and processes alerts only inside Receive.</summary>
    private string ReceiveUntilClosed(DtlsTransport transport, DtlsHandshakeContext session)
    {
        var buffer = new byte[transport.GetReceiveLimit()];
        try
        {
            while (true)
            {
                // ≥ 0: application data (unused, no SCTP); −1: idle. Either way keep listening.
                transport.Receive(buffer, 0, buffer.Length, IdleReceiveMillis);
            }
        }
        catch (Exception ex)
        {
            if (_closeRequested)
            {
                return "closed locally";
            }

            if (session.PeerClosed)
            {
                return "the peer sent close_notify";
            }

            if (session.FatalAlertReceived is byte alert)
            {
                return $"the peer sent fatal alert {AlertDescription.GetText(alert)}";
            }

            return $"the DTLS receive loop failed ({Describe(ex)}); no alert was sent to the peer";
        }
    }

    private DtlsHandshakeException Classify(Exception ex, DtlsHandshakeContext session, TimeSpan elapsed)
    {
        if (_closeRequested)
        {
            return ClosedDuringHandshake(ex);
        }

        if (session.Failure is var (kind, message))
        {
            return new DtlsHandshakeException(kind, message, ex);
        }

        if (session.FatalAlertReceived is byte alert)
        {
            string hint = alert == AlertDescription.bad_certificate ? " (it probably rejected our certificate fingerprint)" : "";
            return new DtlsHandshakeException(DtlsHandshakeFailure.AlertReceived,
                $"The DTLS peer aborted the handshake with fatal alert {AlertDescription.GetText(alert)}{hint}.", ex);
        }

        // BouncyCastle reports its handshake timeout as a plain handshake_failure; we raise that alert only with a Failure set.
        if (ex is TlsFatalAlert { AlertDescription: AlertDescription.handshake_failure }
            && elapsed >= _handshakeTimeout - TimeSpan.FromMilliseconds(50))
        {
            return new DtlsHandshakeException(DtlsHandshakeFailure.Timeout,
                $"The DTLS handshake timed out after {_handshakeTimeout.TotalSeconds:0.###} s (as {Role}); the peer did not complete it.", ex);
        }

        return new DtlsHandshakeException(DtlsHandshakeFailure.ProtocolError, $"The DTLS handshake failed: {Describe(ex)}.", ex);
    }

    private static DtlsHandshakeException ClosedDuringHandshake(Exception? inner = null) =>
        new(DtlsHandshakeFailure.Closed, "The DTLS handshake was aborted because the endpoint was closed.", inner);

    private static string Describe(Exception ex) => ex switch
    {
        TlsFatalAlert alert when alert.InnerException is { } cause => $"alert {AlertDescription.GetText(alert.AlertDescription)}: {cause.Message}",
        TlsFatalAlert alert => $"alert {AlertDescription.GetText(alert.AlertDescription)}",
        _ => ex.Message,
    };

    private void Finish(string reason)
    {
        lock (_lifecycle)
        {
            _closeReason ??= reason;
        }

        _closed.TrySetResult();
    }
}
