namespace ScaleMeet.Media.Codecs;

/// <summary>
/// The VP8 RTP payload descriptor (RFC 7741 §4.2), at the start of every VP8 RTP payload.
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |X|R|N|S|R| PID | (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// X:   |I|L|T|K| RSV   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PictureID   | (OPTIONAL)  M=1: 15-bit PictureID, one more byte follows
///      +-+-+-+-+-+-+-+-+
///      |   PictureID   |
///      +-+-+-+-+-+-+-+-+
/// L:   |   TL0PICIDX   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// T/K: |TID|Y| KEYIDX  | (OPTIONAL)  present when T or K is set
///      +-+-+-+-+-+-+-+-+
/// </code>
/// Parse with <see cref="TryParse"/>; build with an object initializer and <see cref="TryWrite"/> (X is written
/// when any of I, L, T, K is set, or when <see cref="Extended"/> is). An SFU rewrites PictureID and TL0PICIDX in
/// place so a receiver sees one continuous stream across simulcast switches.
/// </summary>
public readonly struct Vp8PayloadDescriptor
{
    /// <summary>X: the extension byte is present.</summary>
    public bool Extended { get; init; }
    /// <summary>N: non-reference frame (may be dropped without breaking decoding).</summary>
    public bool NonReference { get; init; }
    /// <summary>S: this packet starts a VP8 partition.</summary>
    public bool StartOfPartition { get; init; }
    /// <summary>PID: partition index (0..7).</summary>
    public byte PartitionIndex { get; init; }
    /// <summary>I: PictureID present.</summary>
    public bool HasPictureId { get; init; }
    /// <summary>L: TL0PICIDX present.</summary>
    public bool HasTl0PicIdx { get; init; }
    /// <summary>T: TID and Y present.</summary>
    public bool HasTid { get; init; }
    /// <summary>K: KEYIDX present.</summary>
    public bool HasKeyIdx { get; init; }
    /// <summary>M: PictureID is 15 bits (two bytes) rather than 7.</summary>
    public bool PictureIdIs15Bit { get; init; }
    /// <summary>PictureID (0..127 or 0..32767 by <see cref="PictureIdIs15Bit"/>).</summary>
    public ushort PictureId { get; init; }
    /// <summary>TL0PICIDX: running index of base-layer (TID 0) frames.</summary>
    public byte Tl0PicIdx { get; init; }
    /// <summary>TID: temporal layer index (0..3).</summary>
    public byte TemporalLayerId { get; init; }
    /// <summary>Y: layer sync, the frame depends only on the base layer.</summary>
    public bool LayerSync { get; init; }
    /// <summary>KEYIDX: temporal key frame index (0..31).</summary>
    public byte KeyIndex { get; init; }

    /// <summary>Bytes the descriptor takes: the offset of the VP8 payload header.</summary>
    public int Length =>
        1 + (IsExtended ? 1 : 0) + (HasPictureId ? (PictureIdIs15Bit ? 2 : 1) : 0) + (HasTl0PicIdx ? 1 : 0)
        + (HasTid || HasKeyIdx ? 1 : 0);

    private bool IsExtended => Extended || HasPictureId || HasTl0PicIdx || HasTid || HasKeyIdx;

    private int PictureIdOffset => 2;

    private int Tl0PicIdxOffset => 2 + (HasPictureId ? (PictureIdIs15Bit ? 2 : 1) : 0);

    /// <summary>
    /// Parses the descriptor at the start of an RTP payload; false when the payload ends inside the descriptor
    /// or carries no VP8 data after it.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        var b0 = payload[0];
        var parsed = new Vp8PayloadDescriptor
        {
            Extended = (b0 & 0x80) != 0,
            NonReference = (b0 & 0x20) != 0,
            StartOfPartition = (b0 & 0x10) != 0,
            PartitionIndex = (byte)(b0 & 0x07),
        };
        if (!parsed.Extended)
        {
            descriptor = parsed;
            return payload.Length > 1;
        }

        if (payload.Length < 2)
        {
            return false;
        }

        var x = payload[1];
        parsed = parsed with
        {
            HasPictureId = (x & 0x80) != 0,
            HasTl0PicIdx = (x & 0x40) != 0,
            HasTid = (x & 0x20) != 0,
            HasKeyIdx = (x & 0x10) != 0,
        };
        var position = 2;
        if (parsed.HasPictureId)
        {
            if (position >= payload.Length)
            {
                return false;
            }

            var long15 = (payload[position] & 0x80) != 0;
            if (long15 && position + 1 >= payload.Length)
            {
                return false;
            }

            parsed = parsed with
            {
                PictureIdIs15Bit = long15,
                PictureId = long15
                    ? (ushort)(((payload[position] & 0x7F) << 8) | payload[position + 1])
                    : (ushort)(payload[position] & 0x7F),
            };
            position += long15 ? 2 : 1;
        }

        if (parsed.HasTl0PicIdx)
        {
            if (position >= payload.Length)
            {
                return false;
            }

            parsed = parsed with { Tl0PicIdx = payload[position++] };
        }

        if (parsed.HasTid || parsed.HasKeyIdx)
        {
            if (position >= payload.Length)
            {
                return false;
            }

            var tk = payload[position++];
            parsed = parsed with
            {
                TemporalLayerId = parsed.HasTid ? (byte)(tk >> 6) : (byte)0,
                LayerSync = parsed.HasTid && (tk & 0x20) != 0,
                KeyIndex = parsed.HasKeyIdx ? (byte)(tk & 0x1F) : (byte)0,
            };
        }

        descriptor = parsed;
        return payload.Length > position;
    }

    /// <summary>Writes the descriptor (reserved bits zero); false when <paramref name="dest"/> is too small.</summary>
    public bool TryWrite(Span<byte> dest, out int written)
    {
        written = 0;
        var length = Length;
        if (dest.Length < length)
        {
            return false;
        }

        dest[0] = (byte)((IsExtended ? 0x80 : 0) | (NonReference ? 0x20 : 0) | (StartOfPartition ? 0x10 : 0)
            | (PartitionIndex & 0x07));
        var position = 1;
        if (IsExtended)
        {
            dest[position++] = (byte)((HasPictureId ? 0x80 : 0) | (HasTl0PicIdx ? 0x40 : 0) | (HasTid ? 0x20 : 0)
                | (HasKeyIdx ? 0x10 : 0));
        }

        if (HasPictureId)
        {
            position += WritePictureId(dest[position..]);
        }

        if (HasTl0PicIdx)
        {
            dest[position++] = Tl0PicIdx;
        }

        if (HasTid || HasKeyIdx)
        {
            dest[position++] = (byte)(((TemporalLayerId & 0x03) << 6) | (LayerSync ? 0x20 : 0) | (KeyIndex & 0x1F));
        }

        written = position;
        return true;
    }

    /// <summary>
    /// Overwrites the PictureID of the payload this descriptor was parsed from, keeping its 7- or 15-bit width
    /// (the value is truncated to that width, i.e. wraps). False when the descriptor has no PictureID.
    /// </summary>
    public bool TryRewritePictureId(Span<byte> payload, ushort pictureId)
    {
        if (!HasPictureId || payload.Length < Length)
        {
            return false;
        }

        (this with { PictureId = pictureId }).WritePictureId(payload[PictureIdOffset..]);
        return true;
    }

    /// <summary>Overwrites the TL0PICIDX of the payload this descriptor was parsed from; false when absent.</summary>
    public bool TryRewriteTl0PicIdx(Span<byte> payload, byte tl0PicIdx)
    {
        if (!HasTl0PicIdx || payload.Length < Length)
        {
            return false;
        }

        payload[Tl0PicIdxOffset] = tl0PicIdx;
        return true;
    }

    /// <summary>
    /// True when the payload starts a key frame: S=1, PID=0, and the P bit of the VP8 payload header
    /// (RFC 7741 §4.3) is 0.
    /// </summary>
    public static bool IsKeyFrame(ReadOnlySpan<byte> payload) =>
        TryParse(payload, out var descriptor) && descriptor.StartOfPartition && descriptor.PartitionIndex == 0
        && (payload[descriptor.Length] & 0x01) == 0;

    /// <summary>
    /// Reads the frame size from a key frame's header (RFC 6386 §9.1: start code 9d 01 2a, then 14-bit width and
    /// height, little-endian, each with a 2-bit scale above it). False unless <see cref="IsKeyFrame"/> and the
    /// header is complete and well formed.
    /// </summary>
    public static bool TryGetKeyFrameSize(ReadOnlySpan<byte> payload, out int width, out int height)
    {
        width = height = 0;
        if (!IsKeyFrame(payload) || !TryParse(payload, out var descriptor)
            || !Vp8PayloadHeader.TryParse(payload[descriptor.Length..], out var header) || !header.IsKeyFrame)
        {
            return false;
        }

        width = header.Width;
        height = header.Height;
        return true;
    }

    private int WritePictureId(Span<byte> dest)
    {
        if (PictureIdIs15Bit)
        {
            dest[0] = (byte)(0x80 | ((PictureId >> 8) & 0x7F));
            dest[1] = (byte)PictureId;
            return 2;
        }

        dest[0] = (byte)(PictureId & 0x7F);
        return 1;
    }
}
