using Org.BouncyCastle.Crypto.Tls;

namespace ScaleMeet.Media.Dtls;

/// <summary>
/// Wraps the negotiated record cipher so that a record failing authentication is silently discarded, as
/// RFC 6347 §4.1.2.7 recommends, instead of BouncyCastle 1.8.10's fatal bad_record_mac that would tear down the
/// association (any host able to spoof the peer's address could do that with one datagram).
/// How: BouncyCastle's DtlsRecordLayer drops a record whose plaintext exceeds its plaintext limit (at most 2^14),
/// so a failed decryption returns a shared over-long buffer. Relies on the pinned 1.8.10 record layer, and on
/// <see cref="DtlsCipherFactory"/> (without it one failed AES-GCM record would break every later one).
/// Caveat: that record layer still marks the forged sequence number in its replay window, so a spoofer who can
/// guess the window can make later genuine records of the same epoch look like replays (alerts, retransmits).
/// </summary>
internal sealed class DtlsDiscardingCipher : TlsCipher
{
    /// <summary>One byte longer than the largest plaintext limit BouncyCastle uses (2^14); never read.</summary>
    private static readonly byte[] s_discard = new byte[(1 << 14) + 1];

    private readonly TlsCipher _inner;
    private long _discarded;

    public DtlsDiscardingCipher(TlsCipher inner)
    {
        _inner = inner;
    }

    /// <summary>Records discarded because they failed authentication or were malformed.</summary>
    public long Discarded => Interlocked.Read(ref _discarded);

    public int GetPlaintextLimit(int ciphertextLimit) => _inner.GetPlaintextLimit(ciphertextLimit);

    public byte[] EncodePlaintext(long seqNo, byte type, byte[] plaintext, int offset, int len) =>
        _inner.EncodePlaintext(seqNo, type, plaintext, offset, len);

    public byte[] DecodeCiphertext(long seqNo, byte type, byte[] ciphertext, int offset, int len)
    {
        try
        {
            return _inner.DecodeCiphertext(seqNo, type, ciphertext, offset, len);
        }
        catch (TlsFatalAlert alert) when (alert.AlertDescription is AlertDescription.bad_record_mac or AlertDescription.decode_error
            or AlertDescription.decryption_failed)
        {
            Interlocked.Increment(ref _discarded);
            return s_discard;
        }
    }
}
