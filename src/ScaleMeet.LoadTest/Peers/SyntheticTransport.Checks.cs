using System.Text;
using ScaleMeet.Media.Stun;

namespace ScaleMeet.LoadTest.Peers;

/// <summary>
/// Answers the server's own Binding requests (RFC 8445 §7.3, RFC 8489) when <see cref="AnswerChecks"/> is on. An
/// ICE-lite server never checks, but Janus's (libnice's) lite agent still sends a triggered check back on the pair
/// our nominating check used, and only selects that pair once the check succeeds. Parsing, integrity and the
/// response are the media library's STUN code.
/// </summary>
public sealed partial class SyntheticTransport
{
    private long _checksAnswered;
    private byte[]? _integrityKey;
    private byte[]? _expectedUsername;

    /// <summary>
    /// Answer authentic Binding requests from the server's candidate (USERNAME "ourUfrag:theirUfrag", MESSAGE-INTEGRITY
    /// keyed with our ice-pwd) with a success response. Default false (ScaleMeet never checks); set before
    /// <see cref="ConnectAsync"/>. Needed for Janus.
    /// </summary>
    public bool AnswerChecks { get; set; }

    /// <summary>Binding requests from the server answered with a success response.</summary>
    public long ChecksAnswered => Interlocked.Read(ref _checksAnswered);

    private byte[] IntegrityKey => _integrityKey ??= Encoding.UTF8.GetBytes(LocalPwd);

    /// <summary>On the receive thread: true when <paramref name="datagram"/> was a Binding request (answered or not).</summary>
    private bool TryAnswerCheck(ReadOnlySpan<byte> datagram)
    {
        if (!StunPacket.TryParse(datagram, out var request) || request.Class != StunClass.Request ||
            request.Method != StunMessageType.BindingMethod)
        {
            return false;
        }

        if (AnswerChecks && _ice is { } ice && IsAuthentic(request, ice.Remote.IceUfrag))
        {
            // Counted before the answer leaves, so whoever sees the answer also sees the count.
            Interlocked.Increment(ref _checksAnswered);
            lock (_sendLock)
            {
                // Binding success: XOR-MAPPED-ADDRESS (the server's candidate, where the request came from), MESSAGE-INTEGRITY, FINGERPRINT.
                var writer = new StunWriter(_sendBuffer, StunMessageType.BindingMethod, StunClass.SuccessResponse, request.TransactionId);
                writer.AddXorMappedAddress(Remote!.Candidate);
                writer.AddMessageIntegrity(IntegrityKey);
                writer.AddFingerprint();
                if (writer.TryComplete(out var length))
                {
                    SendLocked(_sendBuffer.AsSpan(0, length));
                }
            }
        }
        else
        {
            Interlocked.Increment(ref _otherDropped);
        }

        return true;
    }

    private bool IsAuthentic(in StunPacket request, string remoteUfrag)
    {
        _expectedUsername ??= Encoding.UTF8.GetBytes($"{LocalUfrag}:{remoteUfrag}");
        return (!request.HasFingerprint || request.VerifyFingerprint()) &&
               request.TryGetAttribute(StunAttributeType.Username, out var username) && username.SequenceEqual(_expectedUsername) &&
               request.HasMessageIntegrity && request.VerifyMessageIntegrity(IntegrityKey);
    }
}
