using System.Buffers.Binary;

namespace ScaleMeet.Media.Rtcp;

/// <summary>
/// Builds an SDES packet (RFC 3550 §6.5) chunk by chunk, each chunk an SSRC and a CNAME item.
/// Call <see cref="TryAddChunk"/> for each source, then <see cref="Finish"/> for the packet length.
/// </summary>
public ref struct SdesWriter
{
    private readonly Span<byte> _dest;
    private int _length;
    private int _count;

    /// <summary>Writes into <paramref name="dest"/>, leaving room for the header.</summary>
    public SdesWriter(Span<byte> dest)
    {
        _dest = dest;
        _length = RtcpHeader.Size;
        _count = 0;
    }

    /// <summary>Adds a chunk; false when it does not fit, the CNAME is empty or over 255 bytes, or 31 chunks exist.</summary>
    public bool TryAddChunk(uint ssrc, ReadOnlySpan<byte> cname)
    {
        var chunkLength = SdesChunk.GetCnameChunkLength(cname.Length);
        if (_count == 31 || cname.IsEmpty || cname.Length > 255 || _length + chunkLength > _dest.Length)
        {
            return false;
        }

        var chunk = _dest.Slice(_length, chunkLength);
        BinaryPrimitives.WriteUInt32BigEndian(chunk, ssrc);
        chunk[4] = SdesChunk.CnameType;
        chunk[5] = (byte)cname.Length;
        cname.CopyTo(chunk[6..]);
        chunk[(6 + cname.Length)..].Clear();
        _length += chunkLength;
        _count++;
        return true;
    }

    /// <summary>Writes the header and returns the packet length.</summary>
    public readonly int Finish()
    {
        if (_dest.Length < RtcpHeader.Size)
        {
            throw new ArgumentException("The destination cannot hold an RTCP header.");
        }

        RtcpHeader.Write(_dest, _count, RtcpPacketType.SDES, _length);
        return _length;
    }
}
