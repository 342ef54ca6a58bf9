using System.Buffers.Binary;

namespace ScaleMeet.Media.Rtcp;

/// <summary>
/// Goodbye (RFC 3550 §6.6), a view over the packet bytes.
/// <code>
///        0                   1                   2                   3
///        0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///       |V=2|P|    SC   |   PT=BYE=203  |             length            |
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///       |                           SSRC/CSRC                           |
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///       :                              ...                              :
///       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// (opt) |     length    |               reason for leaving            ...
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The reason is padded with zero bytes to a 32-bit boundary.
/// </summary>
public readonly ref struct Bye
{
    private readonly ReadOnlySpan<byte> _ssrcs;

    private Bye(ReadOnlySpan<byte> ssrcs, ReadOnlySpan<byte> reason)
    {
        _ssrcs = ssrcs;
        Reason = reason;
    }

    /// <summary>SC: number of sources leaving.</summary>
    public int SsrcCount => _ssrcs.Length / 4;

    /// <summary>The reason text (UTF-8), empty when absent.</summary>
    public ReadOnlySpan<byte> Reason { get; }

    /// <summary>The SSRC/CSRC at <paramref name="index"/> (0 ≤ index &lt; <see cref="SsrcCount"/>).</summary>
    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_ssrcs[(4 * index)..]);
    }

    /// <summary>Parses a BYE; the SSRC list and the reason, when present, must fit the packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out Bye bye)
    {
        bye = default;
        if (!RtcpHeader.TryParseBody(packet, RtcpPacketType.BYE, -1, out var header, out var body)
            || body.Length < 4 * header.Count)
        {
            return false;
        }

        var rest = body[(4 * header.Count)..];
        ReadOnlySpan<byte> reason = default;
        if (!rest.IsEmpty)
        {
            if (1 + rest[0] > rest.Length)
            {
                return false;
            }

            reason = rest.Slice(1, rest[0]);
        }

        bye = new Bye(body[..(4 * header.Count)], reason);
        return true;
    }

    /// <summary>Writes a BYE for up to 31 sources with an optional reason of up to 255 bytes.</summary>
    public static bool TryWrite(Span<byte> dest, ReadOnlySpan<uint> ssrcs, ReadOnlySpan<byte> reason, out int written)
    {
        written = 0;
        var reasonLength = reason.IsEmpty ? 0 : (1 + reason.Length + 3) & ~3;
        var length = RtcpHeader.Size + (4 * ssrcs.Length) + reasonLength;
        if (ssrcs.Length > 31 || reason.Length > 255 || dest.Length < length)
        {
            return false;
        }

        RtcpHeader.Write(dest, ssrcs.Length, RtcpPacketType.BYE, length);
        for (var i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(dest[(RtcpHeader.Size + (4 * i))..], ssrcs[i]);
        }

        if (!reason.IsEmpty)
        {
            var at = RtcpHeader.Size + (4 * ssrcs.Length);
            dest[at] = (byte)reason.Length;
            reason.CopyTo(dest[(at + 1)..]);
            dest[(at + 1 + reason.Length)..length].Clear();
        }

        written = length;
        return true;
    }
}
