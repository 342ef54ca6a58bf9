namespace ScaleMeet.Media.Srtp;

/// <summary>
/// The cryptographic transform of one profile with its session keys (RFC 3711 §3.3/§3.4, RFC 7714 §8–§9): builds
/// IVs, encrypts, authenticates and lays out the trailer. Packet indexes, ROC and replay state stay in
/// <see cref="SrtpSession"/>. Single-threaded use; no allocation per packet.
/// </summary>
internal abstract class SrtpTransform : IDisposable
{
    /// <summary>Bytes appended to an SRTP packet (the tag).</summary>
    public abstract int RtpTrailerLength { get; }

    /// <summary>Bytes appended to an SRTCP packet (E flag, index and tag, in the profile's order).</summary>
    public abstract int RtcpTrailerLength { get; }

    /// <summary>Where the 32-bit E || SRTCP index word starts, counted back from the end of the packet.</summary>
    public abstract int RtcpIndexFromEnd { get; }

    public abstract bool UsesIntrinsics { get; }

    /// <summary>Encrypts packet[headerLength..length) in place and writes the tag at packet[length..].</summary>
    public abstract void ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>Checks the tag at the end of packet[..length) and decrypts; false when not authentic.</summary>
    public abstract bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>Encrypts packet[8..length) and appends the trailer with E = 1 and <paramref name="index"/>.</summary>
    public abstract void ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index);

    /// <summary>Checks and, when E = 1, decrypts; <paramref name="indexWord"/> is the E || index word read from the trailer.</summary>
    public abstract bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint indexWord);

    public abstract void Dispose();
}
