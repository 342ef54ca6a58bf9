using ScaleMeet.Media.Codecs;

namespace ScaleMeet.Fuzz.Targets;

/// <summary>
/// The VP8 payload descriptor (RFC 7741 §4.2) and payload header (§4.3) as the forwarding path reads and rewrites
/// them: <see cref="Vp8PayloadDescriptor.TryParse"/>, the keyframe test and size, then the per-receiver PictureID and
/// TL0PICIDX rewrites on a copy. Round trip: the descriptor written again parses to the same fields and length; a
/// rewrite changes only the field it names (to the value truncated to its width).
/// </summary>
internal sealed class Vp8Target : IFuzzTarget
{
    private readonly byte[] _copy = new byte[70_000];

    public string Name => "vp8";

    public string Description => "VP8 payload descriptor and key-frame header (RFC 7741, RFC 6386 §9.1)";

    public IEnumerable<KeyValuePair<string, byte[]>> Seeds =>
    [
        // Vp8PayloadDescriptorTests' vectors: KeyFrame, ChromeInterFrame, ShortPictureIdKeyIdx, NonReferencePartition.
        new("key-frame", Convert.FromHexString("10" + "100200" + "9d012a" + "8002" + "e001" + "0000")),
        new("chrome-inter-frame", Convert.FromHexString("90" + "e0" + "9234" + "05" + "a0" + "310000" + "aabb")),
        new("short-picture-id-keyidx", Convert.FromHexString("80" + "90" + "1f" + "0a" + "00")),
        new("non-reference-partition", Convert.FromHexString("a3" + "40" + "ff" + "aa")),
        new("chrome-key-frame", Convert.FromHexString("90" + "e0" + "8001" + "00" + "20" + "500400" + "9d012a" + "0005" + "d002" + "00")),
    ];

    public void Run(ReadOnlySpan<byte> input)
    {
        bool keyFrame = Vp8PayloadDescriptor.IsKeyFrame(input);
        bool sized = Vp8PayloadDescriptor.TryGetKeyFrameSize(input, out int width, out int height);
        FuzzInvariantException.Check(!sized || keyFrame, "a frame size from a payload that is not a key frame");
        FuzzInvariantException.Check(!sized || (width is > 0 and < 1 << 14 && height is > 0 and < 1 << 14) || (width == 0 || height == 0),
            $"frame size {width}x{height} out of the 14-bit range");
        if (!Vp8PayloadDescriptor.TryParse(input, out Vp8PayloadDescriptor descriptor))
        {
            FuzzInvariantException.Check(!keyFrame, "a key frame whose descriptor does not parse");
            return;
        }

        FuzzInvariantException.Check(descriptor.Length < input.Length, "a descriptor as long as the payload (no VP8 data after it)");
        Vp8PayloadHeader.TryParse(input[descriptor.Length..], out _);

        Span<byte> copy = _copy.AsSpan(0, input.Length);
        FuzzInvariantException.Check(descriptor.TryWrite(copy, out int written), "a parsed descriptor could not be written back");
        FuzzInvariantException.Equal(descriptor.Length, written, "descriptor length");
        input[written..].CopyTo(copy[written..]);
        FuzzInvariantException.Check(Vp8PayloadDescriptor.TryParse(copy, out Vp8PayloadDescriptor again), "the rewritten descriptor does not parse");
        FuzzInvariantException.Equal(descriptor, again, "descriptor");

        input.CopyTo(copy);
        ushort pictureId = (ushort)(descriptor.PictureId + 12_345);
        if (descriptor.TryRewritePictureId(copy, pictureId))
        {
            FuzzInvariantException.Check(Vp8PayloadDescriptor.TryParse(copy, out again), "the descriptor does not parse after a PictureID rewrite");
            ushort expected = (ushort)(pictureId & (descriptor.PictureIdIs15Bit ? 0x7FFF : 0x7F));
            FuzzInvariantException.Equal(descriptor with { PictureId = expected }, again, "descriptor after a PictureID rewrite");
        }
        else
        {
            FuzzInvariantException.Check(!descriptor.HasPictureId, "a PictureID that could not be rewritten");
        }

        input.CopyTo(copy);
        byte tl0 = (byte)(descriptor.Tl0PicIdx + 77);
        if (descriptor.TryRewriteTl0PicIdx(copy, tl0))
        {
            FuzzInvariantException.Check(Vp8PayloadDescriptor.TryParse(copy, out again), "the descriptor does not parse after a TL0PICIDX rewrite");
            FuzzInvariantException.Equal(descriptor with { Tl0PicIdx = tl0 }, again, "descriptor after a TL0PICIDX rewrite");
        }
        else
        {
            FuzzInvariantException.Check(!descriptor.HasTl0PicIdx, "a TL0PICIDX that could not be rewritten");
        }

        FuzzInvariantException.Equal(keyFrame, descriptor.StartOfPartition && descriptor.PartitionIndex == 0 && (input[descriptor.Length] & 1) == 0,
            "key frame");
    }
}
