using ScaleMeet.Media.Rtp;

namespace ScaleMeet.Fuzz.Targets;

/// <summary>
/// RTP as the bridge reads a decrypted packet: <see cref="RtpHeader.TryParse"/>, the CSRCs, the payload and the
/// header extensions (RFC 8285 one- and two-byte forms) looked up by id as the forwarding path does (rid, mid,
/// audio level). <see cref="RtpHeader.TryGetExtension"/> must return the first enumerated element of that id. Round
/// trip: the header written again with <see cref="RtpHeaderWriter"/> (one-byte extensions; other blocks copied
/// raw), the payload and padding appended, parses back to the same fields and elements.
/// </summary>
internal sealed class RtpTarget : IFuzzTarget
{
    private readonly byte[] _rewritten = new byte[70_000];
    private readonly uint[] _csrcs = new uint[15];

    public string Name => "rtp";

    public string Description => "RTP fixed header, CSRCs, padding and RFC 8285 header extensions";

    public IEnumerable<KeyValuePair<string, byte[]>> Seeds =>
    [
        // RtpHeaderTests.OneByteVector, TwoByteVector and MinimalVector, verbatim.
        new("one-byte-extensions-csrcs-padding", Convert.FromHexString(
            "b2e01234" + "deadbeef" + "11223344" + "aabbccdd" + "01020304" + "bede0002" + "102a" + "22010203" + "0000" + "cafebabe0001" + "000003")),
        new("two-byte-extensions", Convert.FromHexString(
            "906f0001" + "00000064" + "0000000a" + "10020003" + "0100" + "0202aabb" + "00" + "0f03010203" + "01020304")),
        new("minimal", Convert.FromHexString("8008ffff" + "00000000" + "ffffffff")),
        new("chrome-vp8", ChromeVideoPacket()),
    ];

    public void Run(ReadOnlySpan<byte> input)
    {
        RtpHeader.IsRtp(input);
        if (!RtpHeader.TryParse(input, out RtpHeader header))
        {
            return;
        }

        FuzzInvariantException.Equal(input.Length, header.HeaderLength + header.PayloadLength + header.PaddingLength, "header + payload + padding");
        // The lookups the forwarding path makes: every id present, the one-byte range and one id that is absent.
        Span<bool> probe = stackalloc bool[256];
        probe[1..16].Fill(true);
        probe[255] = true;
        foreach (RtpExtension element in header.EnumerateExtensions(input))
        {
            probe[element.Id] = true;
        }

        for (int id = 1; id < probe.Length; id++)
        {
            if (!probe[id])
            {
                continue;
            }

            bool found = header.TryGetExtension(input, (byte)id, out ReadOnlySpan<byte> value);
            bool enumerated = TryFirst(header.EnumerateExtensions(input), (byte)id, out ReadOnlySpan<byte> first);
            FuzzInvariantException.Equal(enumerated && header.Extension, found, $"extension {id} found");
            FuzzInvariantException.Equal(first, value, $"extension {id} value");
        }

        RoundTrip(input, header);
    }

    private static bool TryFirst(RtpExtensionEnumerator elements, byte id, out ReadOnlySpan<byte> value)
    {
        foreach (RtpExtension element in elements)
        {
            if (element.Id == id)
            {
                value = element.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private void RoundTrip(ReadOnlySpan<byte> input, RtpHeader header)
    {
        Span<uint> csrcs = _csrcs.AsSpan(0, header.CsrcCount);
        for (int i = 0; i < csrcs.Length; i++)
        {
            csrcs[i] = header.GetCsrc(input, i);
        }

        var writer = new RtpHeaderWriter(_rewritten);
        writer.WriteFixedHeader(header.Marker, header.PayloadType, header.SequenceNumber, header.Timestamp, header.Ssrc, csrcs);
        bool oneByte = header.Extension && header.ExtensionProfile == RtpExtensionEnumerator.OneByteProfile;
        int length;
        if (oneByte)
        {
            var any = false;
            foreach (RtpExtension element in header.EnumerateExtensions(input))
            {
                writer.AddExtension(element.Id, element.Value);
                any = true;
            }

            length = writer.Finish();
            if (!any)
            {
                oneByte = false; // nothing to write: the writer leaves X clear
            }
        }
        else
        {
            length = writer.Finish();
            if (header.Extension)
            {
                // Two-byte and unknown profiles: the writer knows only the one-byte form, so copy the block as it was.
                _rewritten[0] |= 0x10;
                input.Slice(header.ExtensionOffset - 4, header.ExtensionLength + 4).CopyTo(_rewritten.AsSpan(length));
                length += header.ExtensionLength + 4;
            }
        }

        header.GetPayload(input).CopyTo(_rewritten.AsSpan(length));
        length += header.PayloadLength;
        if (header.Padding)
        {
            _rewritten[0] |= 0x20;
            input[^header.PaddingLength..].CopyTo(_rewritten.AsSpan(length));
            length += header.PaddingLength;
        }

        ReadOnlySpan<byte> packet = _rewritten.AsSpan(0, length);
        FuzzInvariantException.Check(RtpHeader.TryParse(packet, out RtpHeader again), "the rewritten packet does not parse");
        FuzzInvariantException.Equal(header.Marker, again.Marker, "marker");
        FuzzInvariantException.Equal(header.PayloadType, again.PayloadType, "payload type");
        FuzzInvariantException.Equal(header.SequenceNumber, again.SequenceNumber, "sequence number");
        FuzzInvariantException.Equal(header.Timestamp, again.Timestamp, "timestamp");
        FuzzInvariantException.Equal(header.Ssrc, again.Ssrc, "SSRC");
        FuzzInvariantException.Equal(header.CsrcCount, again.CsrcCount, "CSRC count");
        FuzzInvariantException.Equal(header.PaddingLength, again.PaddingLength, "padding");
        FuzzInvariantException.Equal(header.GetPayload(input), again.GetPayload(packet), "payload");
        if (header.Extension && (oneByte || !again.Extension || header.ExtensionProfile != RtpExtensionEnumerator.OneByteProfile))
        {
            RtpExtensionEnumerator before = header.EnumerateExtensions(input), after = again.EnumerateExtensions(packet);
            while (before.MoveNext())
            {
                FuzzInvariantException.Check(after.MoveNext(), "an extension element was lost");
                FuzzInvariantException.Equal(before.Current.Id, after.Current.Id, "extension id");
                FuzzInvariantException.Equal(before.Current.Value, after.Current.Value, "extension value");
            }

            FuzzInvariantException.Check(!after.MoveNext(), "an extension element was added");
        }
    }

    /// <summary>A VP8 packet as Chrome sends it: mid, rid, transport-wide sequence number; a keyframe's descriptor.</summary>
    private static byte[] ChromeVideoPacket()
    {
        var packet = new byte[64];
        var writer = new RtpHeaderWriter(packet);
        writer.WriteFixedHeader(true, 96, 4711, 90_000, 0x1234_5678);
        writer.AddExtension(4, "0"u8);
        writer.AddExtension(10, "h"u8);
        writer.AddExtension(3, [0x01, 0x02]);
        int length = writer.Finish();
        ReadOnlySpan<byte> vp8 = [0x90, 0x80, 0x01, 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0x68, 0x01];
        vp8.CopyTo(packet.AsSpan(length));
        return packet[..(length + vp8.Length)];
    }
}
