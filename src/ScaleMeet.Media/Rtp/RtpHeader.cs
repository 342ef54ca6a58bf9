using System.Buffers.Binary;

namespace ScaleMeet.Media.Rtp;

/// <summary>
/// The RTP fixed header, CSRC list and header extension block (RFC 3550 §5.1, §5.3.1), parsed without copying.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           timestamp                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           synchronization source (SSRC) identifier            |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |            contributing source (CSRC) identifiers             |
/// |                             ....                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      defined by profile       |           length              |  (if X)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                        header extension                       |
/// |                             ....                              |
/// </code>
/// The extension length counts 32-bit words after the 4-byte extension header. With P set, the last payload
/// byte holds the number of padding bytes, itself included. The struct keeps offsets only: accessors that
/// return bytes take the same packet span again.
/// </summary>
public readonly struct RtpHeader
{
    /// <summary>Length of the fixed header.</summary>
    public const int FixedHeaderLength = 12;

    private readonly byte _b0;
    private readonly byte _b1;

    private RtpHeader(byte b0, byte b1, ushort sequenceNumber, uint timestamp, uint ssrc, int headerLength,
        int payloadLength, int paddingLength, ushort extensionProfile, int extensionOffset, int extensionLength)
    {
        _b0 = b0;
        _b1 = b1;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        HeaderLength = headerLength;
        PayloadLength = payloadLength;
        PaddingLength = paddingLength;
        ExtensionProfile = extensionProfile;
        ExtensionOffset = extensionOffset;
        ExtensionLength = extensionLength;
    }

    /// <summary>RTP version, always 2 after a successful parse.</summary>
    public byte Version => (byte)(_b0 >> 6);
    /// <summary>P: the packet ends with padding bytes.</summary>
    public bool Padding => (_b0 & 0x20) != 0;
    /// <summary>X: a header extension block follows the CSRCs.</summary>
    public bool Extension => (_b0 & 0x10) != 0;
    /// <summary>CC: number of CSRC identifiers (0..15).</summary>
    public int CsrcCount => _b0 & 0x0F;
    /// <summary>M: marker bit (for video, the last packet of a frame).</summary>
    public bool Marker => (_b1 & 0x80) != 0;
    /// <summary>PT: payload type (0..127).</summary>
    public byte PayloadType => (byte)(_b1 & 0x7F);
    /// <summary>Sequence number.</summary>
    public ushort SequenceNumber { get; }
    /// <summary>Timestamp in units of the payload clock.</summary>
    public uint Timestamp { get; }
    /// <summary>Synchronization source.</summary>
    public uint Ssrc { get; }
    /// <summary>Fixed header + CSRCs + extension block: the offset of the payload.</summary>
    public int HeaderLength { get; }
    /// <summary>Payload bytes, padding excluded.</summary>
    public int PayloadLength { get; }
    /// <summary>Padding bytes at the end of the packet (0 when P is clear).</summary>
    public int PaddingLength { get; }
    /// <summary>The 16-bit "defined by profile" field of the extension block (0xBEDE for one-byte headers).</summary>
    public ushort ExtensionProfile { get; }
    /// <summary>Offset of the extension elements, just after the 4-byte extension header; 0 without extension.</summary>
    public int ExtensionOffset { get; }
    /// <summary>Length in bytes of the extension elements (a multiple of 4).</summary>
    public int ExtensionLength { get; }

    /// <summary>Parses and validates (version 2, CSRC list, extension block and padding all inside the packet).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header)
    {
        header = default;
        if (packet.Length < FixedHeaderLength)
        {
            return false;
        }

        var b0 = packet[0];
        if (b0 >> 6 != 2)
        {
            return false;
        }

        var offset = FixedHeaderLength + (4 * (b0 & 0x0F));
        if (offset > packet.Length)
        {
            return false;
        }

        ushort profile = 0;
        int extensionOffset = 0, extensionLength = 0;
        if ((b0 & 0x10) != 0)
        {
            if (offset + 4 > packet.Length)
            {
                return false;
            }

            profile = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            extensionLength = 4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            extensionOffset = offset + 4;
            offset = extensionOffset + extensionLength;
            if (offset > packet.Length)
            {
                return false;
            }
        }

        var padding = 0;
        if ((b0 & 0x20) != 0)
        {
            padding = packet[^1];
            if (padding == 0 || padding > packet.Length - offset)
            {
                return false;
            }
        }

        header = new RtpHeader(b0, packet[1], BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[4..]), BinaryPrimitives.ReadUInt32BigEndian(packet[8..]),
            offset, packet.Length - offset - padding, padding, profile, extensionOffset, extensionLength);
        return true;
    }

    /// <summary>
    /// True when the datagram looks like RTP rather than RTCP on a muxed port: version 2 (first byte 128..191),
    /// at least a fixed header long, and a second byte outside 192..223, the RTCP packet types (RFC 5761 §4).
    /// </summary>
    public static bool IsRtp(ReadOnlySpan<byte> packet) =>
        packet.Length >= FixedHeaderLength && packet[0] is >= 128 and <= 191 && packet[1] is < 192 or > 223;

    /// <summary>The CSRC at <paramref name="index"/> (0 ≤ index &lt; <see cref="CsrcCount"/>) of the parsed packet.</summary>
    public uint GetCsrc(ReadOnlySpan<byte> packet, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(packet[(FixedHeaderLength + (4 * index))..]);
    }

    /// <summary>The payload of the parsed packet, padding excluded.</summary>
    public ReadOnlySpan<byte> GetPayload(ReadOnlySpan<byte> packet) => packet.Slice(HeaderLength, PayloadLength);

    /// <summary>The extension elements of the parsed packet (empty without extension).</summary>
    public ReadOnlySpan<byte> GetExtensionElements(ReadOnlySpan<byte> packet) =>
        packet.Slice(ExtensionOffset, ExtensionLength);

    /// <summary>
    /// Enumerates the header extension elements: one-byte (profile 0xBEDE, RFC 8285 §4.2) or two-byte
    /// (profile 0x100X, §4.3) form. Other profiles yield nothing.
    /// </summary>
    public RtpExtensionEnumerator EnumerateExtensions(ReadOnlySpan<byte> packet) =>
        new(GetExtensionElements(packet), ExtensionProfile);

    /// <summary>
    /// Finds the first header extension element with local identifier <paramref name="id"/>. Returns false when
    /// there is no extension block, its profile is neither RFC 8285 form, or no element has that id.
    /// </summary>
    public bool TryGetExtension(ReadOnlySpan<byte> packet, byte id, out ReadOnlySpan<byte> value)
    {
        if (id != 0 && Extension)
        {
            var elements = EnumerateExtensions(packet);
            while (elements.MoveNext())
            {
                if (elements.Current.Id == id)
                {
                    value = elements.Current.Value;
                    return true;
                }
            }
        }

        value = default;
        return false;
    }
}
