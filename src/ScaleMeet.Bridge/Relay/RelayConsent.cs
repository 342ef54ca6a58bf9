using System.Security.Cryptography;
using ScaleMeet.Media.Ice;
using ScaleMeet.Media.Stun;

namespace ScaleMeet.Bridge.Relay;

/// <summary>
/// The checking half of a relay's connectivity and consent: Binding requests to the peer's relay session
/// (USERNAME "remote:local", MESSAGE-INTEGRITY keyed with the peer's password, as ICE checks are; RFC 8445 §7.2.2)
/// and the verification of its answers (RFC 7675: consent is what answers to our own checks grant). The peer answers
/// with an <see cref="IceLiteSession"/>; both ends of a relay check each other.
/// <para>An answer counts once, only for a check still outstanding (the last <see cref="Outstanding"/>), so a
/// replayed answer never extends consent. Each answer measures the round trip.</para>
/// <para>Loop thread only. Time from <see cref="TimeProvider.GetTimestamp"/>.</para>
/// </summary>
internal sealed class RelayConsent
{
    /// <summary>Checks remembered while they wait for an answer.</summary>
    public const int Outstanding = 4;

    /// <summary>How often checks go out before the first answer.</summary>
    public static readonly TimeSpan FirstCheckInterval = TimeSpan.FromMilliseconds(200);

    private const uint Priority = 0x7E00_00FF; // a host candidate's priority: relays need no candidates, the field is required

    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _timeout;
    private readonly string _localUfrag;
    private readonly string _remoteUfrag;
    private readonly string _remotePwd;
    private readonly ulong _tieBreaker;
    private readonly byte[] _transactions = new byte[Outstanding * StunMessage.TransactionIdLength];
    private readonly long[] _sentAt = new long[Outstanding];
    private readonly bool[] _waiting = new bool[Outstanding];
    private readonly long _created;
    private int _next;
    private long _lastCheck;
    private long _lastAnswer;
    private bool _answered;

    public RelayConsent(string localUfrag, string remoteUfrag, string remotePwd, TimeProvider time, TimeSpan interval, TimeSpan timeout)
    {
        _localUfrag = localUfrag;
        _remoteUfrag = remoteUfrag;
        _remotePwd = remotePwd;
        _time = time;
        _interval = interval;
        _timeout = timeout;
        _tieBreaker = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        _created = time.GetTimestamp();
        _lastCheck = long.MinValue;
    }

    /// <summary>An authenticated answer arrived within the consent timeout.</summary>
    public bool HasConsent => _answered && _time.GetElapsedTime(_lastAnswer) < _timeout;

    /// <summary>No authenticated answer for the consent timeout (counted from creation until the first answer).</summary>
    public bool IsExpired => _time.GetElapsedTime(_answered ? _lastAnswer : _created) >= _timeout;

    /// <summary>The round trip the last answer measured; zero before any.</summary>
    public TimeSpan RoundTrip { get; private set; }

    /// <summary>Answers that extended consent.</summary>
    public long Answers { get; private set; }

    /// <summary>True when the next check should go out now (every 200 ms until answered, then every check interval).</summary>
    public bool IsCheckDue(long now) =>
        _lastCheck == long.MinValue || _time.GetElapsedTime(_lastCheck, now) >= (_answered ? _interval : FirstCheckInterval);

    /// <summary>Writes the next check into <paramref name="destination"/> (256 bytes are ample); returns its length.</summary>
    public int WriteCheck(Span<byte> destination, long now)
    {
        var slot = _next;
        _next = (_next + 1) % Outstanding;
        var id = _transactions.AsSpan(slot * StunMessage.TransactionIdLength, StunMessage.TransactionIdLength);
        RandomNumberGenerator.Fill(id);
        _sentAt[slot] = now;
        _waiting[slot] = true;
        _lastCheck = now;
        return IceBindingRequest.Write(destination, id, _remoteUfrag, _localUfrag, _remotePwd, Priority, _tieBreaker, useCandidate: true);
    }

    /// <summary>
    /// Takes a STUN success response: true when it answers an outstanding check and authenticates with the peer's
    /// password (consent extended, round trip measured); false otherwise, and nothing changes.
    /// </summary>
    public bool OnResponse(ReadOnlySpan<byte> response)
    {
        for (var slot = 0; slot < Outstanding; slot++)
        {
            var outstanding = _transactions.AsSpan(slot * StunMessage.TransactionIdLength, StunMessage.TransactionIdLength);
            if (!_waiting[slot] || !IceBindingRequest.TryParseSuccess(response, outstanding, _remotePwd, out _))
            {
                continue;
            }

            var now = _time.GetTimestamp();
            _waiting[slot] = false;
            RoundTrip = _time.GetElapsedTime(_sentAt[slot], now);
            _lastAnswer = now;
            _answered = true;
            Answers++;
            return true;
        }

        return false;
    }
}
