using ScaleMeet.Media.Codecs;

namespace ScaleMeet.LoadTest.SyntheticMedia;

/// <summary>
/// Splits a VP8 frame into RTP payloads (RFC 7741 §4): each payload is a descriptor, then the next piece of the
/// frame. The descriptor has X=1, I=1 with a 15-bit PictureID and, with <c>tl0PicIdx</c>, L=1 and T=1 (TID 0, as
/// the spec requires T with L); S=1 and PID=0 on the first packet of a frame, S=0 on the others. The pieces are of
/// balanced sizes (they differ by at most one byte). Stateless; writes into the caller's span, no allocation.
/// The caller sets the RTP marker bit on the last packet (index <c>packetCount - 1</c>).
/// </summary>
public static class Vp8Packetizer
{
    /// <summary>Bytes of the descriptor: X byte, I with 15-bit PictureID, and with TL0PICIDX the L and T/K bytes.</summary>
    public static int DescriptorLength(bool withTl0PicIdx) => withTl0PicIdx ? 6 : 4;

    /// <summary>
    /// Packets needed for a frame of <paramref name="frameLength"/> bytes when a payload (descriptor included) may
    /// take at most <paramref name="maxPayloadLength"/> bytes. At least 1; throws when not even one frame byte fits.
    /// </summary>
    public static int PacketCount(int frameLength, int maxPayloadLength, bool withTl0PicIdx)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameLength);
        var room = maxPayloadLength - DescriptorLength(withTl0PicIdx);
        ArgumentOutOfRangeException.ThrowIfLessThan(room, 1, nameof(maxPayloadLength));
        return Math.Max(1, (frameLength + room - 1) / room);
    }

    /// <summary>The byte range of the frame carried by packet <paramref name="packetIndex"/> of <paramref name="packetCount"/>.</summary>
    public static (int Offset, int Length) Fragment(int frameLength, int packetIndex, int packetCount)
    {
        var baseLength = frameLength / packetCount;
        var longer = frameLength % packetCount;
        var offset = (packetIndex * baseLength) + Math.Min(packetIndex, longer);
        return (offset, baseLength + (packetIndex < longer ? 1 : 0));
    }

    /// <summary>
    /// Writes the payload of packet <paramref name="packetIndex"/> (0-based) of <paramref name="packetCount"/> for
    /// <paramref name="frame"/>: the descriptor, then the frame's piece. Returns the bytes written. Throws when
    /// <paramref name="destination"/> is too small (buffers are sized by the caller: a programming error).
    /// </summary>
    public static int WritePayload(Span<byte> destination, ReadOnlySpan<byte> frame, int packetIndex, int packetCount, ushort pictureId,
        byte? tl0PicIdx)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(packetCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(packetIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(packetIndex, packetCount);
        var descriptor = new Vp8PayloadDescriptor
        {
            Extended = true,
            StartOfPartition = packetIndex == 0,
            PartitionIndex = 0,
            HasPictureId = true,
            PictureIdIs15Bit = true,
            PictureId = (ushort)(pictureId & 0x7FFF),
            HasTl0PicIdx = tl0PicIdx.HasValue,
            Tl0PicIdx = tl0PicIdx.GetValueOrDefault(),
            HasTid = tl0PicIdx.HasValue,
            TemporalLayerId = 0,
        };
        var (offset, length) = Fragment(frame.Length, packetIndex, packetCount);
        if (!descriptor.TryWrite(destination, out var written) || destination.Length - written < length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the payload needs {descriptor.Length + length}.",
                nameof(destination));
        }

        frame.Slice(offset, length).CopyTo(destination[written..]);
        return written + length;
    }
}
