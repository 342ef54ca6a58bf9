using System.Buffers.Binary;

namespace ScaleMeet.Media.Rtcp;

/// <summary>
/// Receiver Estimated Maximum Bitrate (draft-alvestrand-rmcat-remb-03 §2.2): PSFB with FMT 15
/// (application layer feedback), media source 0, and the 'REMB' identifier.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P| FMT=15  |   PT=206      |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of packet sender                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of media source (0)                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Unique identifier 'R' 'E' 'M' 'B'                            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Num SSRC     | BR Exp    |  BR Mantissa                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   SSRC feedback                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  ...                                                          |
/// </code>
/// Bitrate in bits per second = mantissa (18 bits) × 2^exp (6 bits).
/// </summary>
public readonly ref struct Remb
{
    /// <summary>FMT value of application layer feedback.</summary>
    public const int Format = 15;

    /// <summary>The 'REMB' identifier as a big-endian integer.</summary>
    public const uint Identifier = 0x52454D42;

    private const int MaxMantissa = 0x3FFFF;

    private readonly ReadOnlySpan<byte> _ssrcs;

    private Remb(uint senderSsrc, uint mediaSsrc, byte exponent, uint mantissa, ReadOnlySpan<byte> ssrcs)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        Exponent = exponent;
        Mantissa = mantissa;
        _ssrcs = ssrcs;
    }

    /// <summary>SSRC of the estimating receiver.</summary>
    public uint SenderSsrc { get; }
    /// <summary>Media source field (0 by the draft).</summary>
    public uint MediaSsrc { get; }
    /// <summary>BR Exp.</summary>
    public byte Exponent { get; }
    /// <summary>BR Mantissa.</summary>
    public uint Mantissa { get; }
    /// <summary>Estimated maximum bitrate in bits per second.</summary>
    public ulong Bitrate => (ulong)Mantissa << Exponent;
    /// <summary>Number of SSRCs the estimate applies to.</summary>
    public int SsrcCount => _ssrcs.Length / 4;

    /// <summary>The SSRC at <paramref name="index"/> (0 ≤ index &lt; <see cref="SsrcCount"/>).</summary>
    public uint GetSsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_ssrcs[(4 * index)..]);
    }

    /// <summary>Parses a REMB: the identifier, Num SSRC entries inside the packet, a bitrate that fits 64 bits.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out Remb remb)
    {
        remb = default;
        if (!RtcpFeedback.TryParse(packet, RtcpPacketType.PSFB, Format, out var sender, out var media, out var fci)
            || fci.Length < 8 || BinaryPrimitives.ReadUInt32BigEndian(fci) != Identifier)
        {
            return false;
        }

        var count = fci[4];
        var exponent = (byte)(fci[5] >> 2);
        var mantissa = BinaryPrimitives.ReadUInt32BigEndian(fci[4..]) & MaxMantissa;
        if (fci.Length < 8 + (4 * count) || ((ulong)mantissa << exponent) >> exponent != mantissa)
        {
            return false;
        }

        remb = new Remb(sender, media, exponent, mantissa, fci.Slice(8, 4 * count));
        return true;
    }

    /// <summary>
    /// Writes a REMB for up to 255 SSRCs. The bitrate is rounded down to what an 18-bit mantissa holds.
    /// </summary>
    public static bool TryWrite(Span<byte> dest, uint senderSsrc, ulong bitrate, ReadOnlySpan<uint> ssrcs,
        out int written)
    {
        written = 0;
        var length = RtcpFeedback.HeaderSize + 8 + (4 * ssrcs.Length);
        if (ssrcs.Length > 255 || dest.Length < length)
        {
            return false;
        }

        var exponent = 0;
        while (bitrate >> exponent > MaxMantissa)
        {
            exponent++;
        }

        var mantissa = (uint)(bitrate >> exponent);
        RtcpFeedback.Write(dest, RtcpPacketType.PSFB, Format, length, senderSsrc, 0);
        BinaryPrimitives.WriteUInt32BigEndian(dest[12..], Identifier);
        BinaryPrimitives.WriteUInt32BigEndian(dest[16..], ((uint)ssrcs.Length << 24) | ((uint)exponent << 18) | mantissa);
        for (var i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(dest[(20 + (4 * i))..], ssrcs[i]);
        }

        written = length;
        return true;
    }
}
