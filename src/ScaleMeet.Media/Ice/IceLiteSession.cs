using System.Net;
using System.Text;
using ScaleMeet.Media.Stun;

namespace ScaleMeet.Media.Ice;

/// <summary>
/// The ICE-lite side (RFC 8445 §2.5, §7.3) of one transport: answers the full agent's Binding
/// requests (connectivity checks and consent checks, RFC 7675), tracks the nominated endpoint and
/// consent freshness. A lite agent is always controlled, sends no checks and keeps no check list.
/// <para>
/// Request processing, in order (RFC 8489 §6.3, §9.1.3; RFC 8445 §7.3):
/// not a well-formed STUN request, or a FINGERPRINT that does not match: dropped;
/// method not Binding: 400; no FINGERPRINT: 400; no USERNAME or no MESSAGE-INTEGRITY: 400;
/// USERNAME not "LocalUfrag:RemoteUfrag": 401; MESSAGE-INTEGRITY not keyed with LocalPwd: 401
/// (these error responses carry no MESSAGE-INTEGRITY: the request is not authenticated);
/// then, authenticated: unknown comprehension-required attributes: 420 with UNKNOWN-ATTRIBUTES;
/// no PRIORITY (or a malformed PRIORITY/ICE-CONTROLLING): 400; ICE-CONTROLLED: 487 (we are lite,
/// the peer must control); otherwise success with XOR-MAPPED-ADDRESS. Authenticated responses
/// carry MESSAGE-INTEGRITY keyed with LocalPwd; every response carries FINGERPRINT.
/// </para>
/// <para>
/// Nomination: the endpoint of the latest successful check carrying USE-CANDIDATE is selected
/// (a later USE-CANDIDATE from another endpoint re-selects, which is how browsers move a session
/// after a network change). Before any nomination, the first successful check selects.
/// </para>
/// <para>
/// Consent is bound to the address (RFC 7675 §5.1): only a valid check from the selected endpoint (or one that
/// selects it) refreshes it; a valid check from elsewhere without USE-CANDIDATE is answered and changes nothing.
/// Replays: the transaction ids of the last <c>transactionMemory</c> authenticated requests are remembered with the
/// endpoint they came from. The same id again from that endpoint is a retransmission (answered again, nothing
/// changes); from any other endpoint it is a replay (dropped unanswered). So a captured request — even one with
/// USE-CANDIDATE — never moves the selected endpoint and never keeps consent alive.
/// </para>
/// <para>
/// Threading: single-threaded; the owner (the transport's worker loop) calls every member.
/// Time: measured with <see cref="TimeProvider.GetTimestamp"/>, so a fake provider must override
/// GetTimestamp and TimestampFrequency.
/// </para>
/// </summary>
public sealed class IceLiteSession
{
    /// <summary>Consent lapses after this long without a valid check (RFC 7675 §5.1: 30 s).</summary>
    public static readonly TimeSpan DefaultConsentTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The response buffer given to <see cref="Handle"/> must hold at least this many bytes
    /// (every response this type writes is shorter).</summary>
    public const int MinResponseBufferLength = 256;

    private const int MaxUnknownAttributesListed = 16;

    /// <summary>Authenticated transaction ids remembered for replay detection unless the constructor says otherwise.</summary>
    public const int DefaultTransactionMemory = 64;

    private readonly TimeProvider _time;
    private readonly TimeSpan _consentTimeout;
    private readonly byte[] _localUfragBytes;
    private readonly byte[] _localPwdKey;
    private byte[]? _remoteUfragBytes;
    private string? _remoteUfrag;
    private readonly TransactionMemory _transactions;
    private long _lastValidCheck;

    /// <summary>A session with the default 30 s consent timeout.</summary>
    public IceLiteSession(string localUfrag, string localPwd, TimeProvider time)
        : this(localUfrag, localPwd, time, DefaultConsentTimeout)
    {
    }

    /// <param name="localUfrag">Our ice-ufrag, as in our SDP.</param>
    /// <param name="localPwd">Our ice-pwd, the MESSAGE-INTEGRITY key of both requests and responses.</param>
    /// <param name="time">Clock for consent freshness.</param>
    /// <param name="consentTimeout">How long without a valid check before <see cref="IsConsentExpired"/>; positive.</param>
    /// <param name="transactionMemory">Authenticated transaction ids remembered to tell retransmissions and replays; at least 1.</param>
    public IceLiteSession(string localUfrag, string localPwd, TimeProvider time, TimeSpan consentTimeout,
        int transactionMemory = DefaultTransactionMemory)
    {
        ArgumentException.ThrowIfNullOrEmpty(localUfrag);
        ArgumentException.ThrowIfNullOrEmpty(localPwd);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(consentTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(transactionMemory, 1);
        if (localUfrag.Contains(':'))
        {
            throw new ArgumentException("An ICE ufrag cannot contain ':'.", nameof(localUfrag));
        }

        LocalUfrag = localUfrag;
        LocalPwd = localPwd;
        _time = time;
        _consentTimeout = consentTimeout;
        _localUfragBytes = Encoding.UTF8.GetBytes(localUfrag);
        _localPwdKey = Encoding.UTF8.GetBytes(localPwd);
        _lastValidCheck = time.GetTimestamp();
        _transactions = new TransactionMemory(transactionMemory);
    }

    public string LocalUfrag { get; }

    public string LocalPwd { get; }

    /// <summary>The peer's ice-ufrag from its SDP. When set, a USERNAME's part after ':' must equal it;
    /// when null, any remote part is accepted.</summary>
    public string? RemoteUfrag
    {
        get => _remoteUfrag;
        set
        {
            _remoteUfrag = value;
            _remoteUfragBytes = value is null ? null : Encoding.UTF8.GetBytes(value);
        }
    }

    /// <summary>Where media goes: the nominated endpoint, or the first one with a valid check; null before any.</summary>
    public IPEndPoint? SelectedEndpoint { get; private set; }

    /// <summary>True once a valid check carried USE-CANDIDATE.</summary>
    public bool IsNominated { get; private set; }

    /// <summary>No valid check from the selected endpoint for the consent timeout (counted from construction until the first check).</summary>
    public bool IsConsentExpired => _time.GetElapsedTime(_lastValidCheck) >= _consentTimeout;

    /// <summary>A random 8-character ufrag of ice-chars.</summary>
    public static string NewUfrag() => IceCredentials.NewUfrag();

    /// <summary>A random 24-character password of ice-chars (144 bits).</summary>
    public static string NewPassword() => IceCredentials.NewPassword();

    /// <summary>
    /// Handles one STUN packet received from <paramref name="from"/> and writes the response to send
    /// back to it (none for <see cref="IceCheckResult.Replayed"/> and <see cref="IceCheckResult.Dropped"/>).
    /// <paramref name="response"/> must hold <see cref="MinResponseBufferLength"/> bytes and
    /// must not overlap <paramref name="packet"/>.
    /// Allocates only when the selected endpoint changes.
    /// </summary>
    public IceCheckResult Handle(ReadOnlySpan<byte> packet, IPEndPoint from, Span<byte> response, out int written)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (response.Length < MinResponseBufferLength)
        {
            throw new ArgumentException($"The response buffer needs at least {MinResponseBufferLength} bytes.", nameof(response));
        }

        written = 0;
        if (!StunPacket.TryParse(packet, out StunPacket request) || request.Class != StunClass.Request
            || (request.HasFingerprint && !request.VerifyFingerprint()))
        {
            return IceCheckResult.Dropped;
        }

        if (request.Method != StunMessageType.BindingMethod)
        {
            return Error(request, response, StunErrorCode.BadRequest, "Unsupported method", authenticated: false, out written);
        }

        if (!request.HasFingerprint)
        {
            return Error(request, response, StunErrorCode.BadRequest, "Missing FINGERPRINT", authenticated: false, out written);
        }

        if (!request.TryGetAttribute(StunAttributeType.Username, out ReadOnlySpan<byte> username) || !request.HasMessageIntegrity)
        {
            return Error(request, response, StunErrorCode.BadRequest, "Missing USERNAME or MESSAGE-INTEGRITY", authenticated: false, out written);
        }

        if (!IsOurUsername(username))
        {
            return Error(request, response, StunErrorCode.Unauthenticated, "Unknown username", authenticated: false, out written);
        }

        if (!request.VerifyMessageIntegrity(_localPwdKey))
        {
            return Error(request, response, StunErrorCode.Unauthenticated, "Integrity check failed", authenticated: false, out written);
        }

        var seenFrom = _transactions.Find(request.TransactionId, out long firstFrom);
        long fromKey = TransactionMemory.EndpointKey(from);
        if (seenFrom && firstFrom != fromKey)
        {
            return IceCheckResult.Replayed;
        }

        Span<ushort> unknown = stackalloc ushort[MaxUnknownAttributesListed];
        int unknownCount = CollectUnknownAttributes(request, unknown);
        if (unknownCount > 0)
        {
            return Error(request, response, StunErrorCode.UnknownAttribute, "Unknown Attribute", authenticated: true, out written, unknown.Slice(0, unknownCount));
        }

        if (!request.TryGetAttribute(StunAttributeType.Priority, out ReadOnlySpan<byte> priority) || priority.Length != 4
            || (request.TryGetAttribute(StunAttributeType.IceControlling, out ReadOnlySpan<byte> controlling) && controlling.Length != 8))
        {
            return Error(request, response, StunErrorCode.BadRequest, "Missing or malformed PRIORITY", authenticated: true, out written);
        }

        if (request.TryGetAttribute(StunAttributeType.IceControlled, out _))
        {
            return Error(request, response, StunErrorCode.RoleConflict, "Role Conflict", authenticated: true, out written);
        }

        var writer = new StunWriter(response, StunMessageType.BindingMethod, StunClass.SuccessResponse, request.TransactionId);
        writer.AddXorMappedAddress(from);
        writer.AddMessageIntegrity(_localPwdKey);
        writer.AddFingerprint();
        if (!writer.TryComplete(out written))
        {
            return IceCheckResult.Dropped;
        }

        if (seenFrom)
        {
            // The peer did not get our answer and asked again: answer, but a request counts once.
            return IceCheckResult.Retransmitted;
        }

        _transactions.Add(request.TransactionId, fromKey);
        bool useCandidate = request.TryGetAttribute(StunAttributeType.UseCandidate, out _);
        if (useCandidate)
        {
            Select(from);
            IsNominated = true;
            _lastValidCheck = _time.GetTimestamp();
            return IceCheckResult.AnsweredAndNominated;
        }

        if (SelectedEndpoint is null)
        {
            Select(from);
        }
        else if (!from.Equals(SelectedEndpoint))
        {
            return IceCheckResult.AnsweredNotSelected;
        }

        _lastValidCheck = _time.GetTimestamp();
        return IceCheckResult.Answered;
    }

    private bool IsOurUsername(ReadOnlySpan<byte> username)
    {
        int colon = username.IndexOf((byte)':');
        return colon >= 0
            && username.Slice(0, colon).SequenceEqual(_localUfragBytes)
            && (_remoteUfragBytes is null || username.Slice(colon + 1).SequenceEqual(_remoteUfragBytes));
    }

    private static int CollectUnknownAttributes(StunPacket request, Span<ushort> unknown)
    {
        int count = 0;
        foreach (StunAttribute attribute in request.Attributes)
        {
            if (StunAttributeType.IsComprehensionRequired(attribute.Type)
                && !StunAttributeType.IsKnownComprehensionRequired(attribute.Type)
                && count < unknown.Length && !unknown.Slice(0, count).Contains(attribute.Type))
            {
                unknown[count++] = attribute.Type;
            }
        }

        return count;
    }

    private void Select(IPEndPoint from)
    {
        if (!from.Equals(SelectedEndpoint))
        {
            // Copy: IPEndPoint is mutable and the caller may reuse its instance for the next datagram.
            SelectedEndpoint = new IPEndPoint(from.Address, from.Port);
        }
    }

    private IceCheckResult Error(
        StunPacket request, Span<byte> response, int code, string reason, bool authenticated, out int written, ReadOnlySpan<ushort> unknown = default)
    {
        var writer = new StunWriter(response, request.Method, StunClass.ErrorResponse, request.TransactionId);
        writer.AddErrorCode(code, reason);
        if (!unknown.IsEmpty)
        {
            writer.AddUnknownAttributes(unknown);
        }

        if (authenticated)
        {
            writer.AddMessageIntegrity(_localPwdKey);
        }

        writer.AddFingerprint();
        return writer.TryComplete(out written) ? IceCheckResult.ErrorAnswered : IceCheckResult.Dropped;
    }
}
