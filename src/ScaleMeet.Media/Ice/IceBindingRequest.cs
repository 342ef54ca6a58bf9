using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using ScaleMeet.Media.Stun;

namespace ScaleMeet.Media.Ice;

/// <summary>
/// The controlling side of a connectivity check (RFC 8445 §7.2.2, §7.2.5), for clients such as the
/// load tester and for tests: writes a Binding request as a browser sends it and checks the
/// success response. Thread-safe (stateless).
/// <code>
/// Binding request:  USERNAME "remoteUfrag:localUfrag", PRIORITY, ICE-CONTROLLING (tiebreaker),
///                   [USE-CANDIDATE], MESSAGE-INTEGRITY (key: remote ice-pwd), FINGERPRINT
/// Success response: XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY (key: remote ice-pwd), FINGERPRINT
/// </code>
/// </summary>
public static class IceBindingRequest
{
    /// <summary>
    /// Writes the request; returns its length. Throws <see cref="ArgumentException"/> when the
    /// transaction id is not 12 bytes or <paramref name="destination"/> is too small
    /// (20 + 4 + username padded + 8 + 12 + 4 + 24 + 8 bytes; 256 is ample for usual ufrags).
    /// </summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> transactionId12, string remoteUfrag, string localUfrag,
        string remotePwd, uint priority, ulong tieBreaker, bool useCandidate)
    {
        ArgumentNullException.ThrowIfNull(remoteUfrag);
        ArgumentNullException.ThrowIfNull(localUfrag);
        ArgumentNullException.ThrowIfNull(remotePwd);
        if (transactionId12.Length != StunHeader.TransactionIdLength)
        {
            throw new ArgumentException("A STUN transaction id is 12 bytes.", nameof(transactionId12));
        }

        var writer = new StunWriter(destination, StunMessageType.BindingMethod, StunClass.Request, transactionId12);
        int remoteLength = Encoding.UTF8.GetByteCount(remoteUfrag);
        Span<byte> username = writer.AddAttribute(StunAttributeType.Username, remoteLength + 1 + Encoding.UTF8.GetByteCount(localUfrag));
        if (!writer.HasOverflowed)
        {
            Encoding.UTF8.GetBytes(remoteUfrag, username);
            username[remoteLength] = (byte)':';
            Encoding.UTF8.GetBytes(localUfrag, username.Slice(remoteLength + 1));
        }

        writer.AddUInt32(StunAttributeType.Priority, priority);
        writer.AddUInt64(StunAttributeType.IceControlling, tieBreaker);
        if (useCandidate)
        {
            writer.AddFlag(StunAttributeType.UseCandidate);
        }

        writer.AddMessageIntegrity(PasswordKey(remotePwd, stackalloc byte[256]));
        writer.AddFingerprint();
        if (!writer.TryComplete(out int written))
        {
            throw new ArgumentException("The destination is too small for the Binding request.", nameof(destination));
        }

        return written;
    }

    /// <summary>
    /// True when <paramref name="response"/> is a Binding success response to
    /// <paramref name="expectedTransactionId"/> whose FINGERPRINT and MESSAGE-INTEGRITY (keyed with
    /// <paramref name="remotePwd"/>) both verify and which carries a XOR-MAPPED-ADDRESS; that
    /// address is returned. Never throws on bad input.
    /// </summary>
    public static bool TryParseSuccess(ReadOnlySpan<byte> response, ReadOnlySpan<byte> expectedTransactionId, string remotePwd,
        [MaybeNullWhen(false)] out IPEndPoint mapped)
    {
        mapped = null;
        return remotePwd is not null
            && StunPacket.TryParse(response, out StunPacket message)
            && message.Class == StunClass.SuccessResponse
            && message.Method == StunMessageType.BindingMethod
            && message.TransactionId.SequenceEqual(expectedTransactionId)
            && message.VerifyFingerprint()
            && message.VerifyMessageIntegrity(PasswordKey(remotePwd, stackalloc byte[256]))
            && message.TryGetAttribute(StunAttributeType.XorMappedAddress, out ReadOnlySpan<byte> value)
            && StunXorMappedAddress.TryParse(value, message.TransactionId, out mapped);
    }

    /// <summary>The short-term credential key: the password's UTF-8 bytes (RFC 8489 §9.1.1).</summary>
    private static ReadOnlySpan<byte> PasswordKey(string password, Span<byte> scratch) =>
        Encoding.UTF8.GetByteCount(password) <= scratch.Length
            ? scratch.Slice(0, Encoding.UTF8.GetBytes(password, scratch))
            : Encoding.UTF8.GetBytes(password);
}
