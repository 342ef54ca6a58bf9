using ScaleMeet.Media.Codecs;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.LoadTest.Peers;

/// <summary>
/// Writes plain RTP packets with synthetic VP8 and Opus payloads: real headers (RTP, VP8 payload descriptor,
/// VP8 payload header with a key frame's start code and size), filler bytes after them. The filler is a
/// function of the sequence number, so a receiver can check payloads byte for byte. No allocation.
/// </summary>
public static class SyntheticRtp
{
    /// <summary>Largest packet the writers produce (fits a 1500-byte MTU with SRTP and UDP/IP overhead).</summary>
    public const int MaxPacketLength = 1200;

    private static readonly byte[] s_bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

    /// <summary>
    /// Writes one VP8 packet; returns its length. <paramref name="startOfFrame"/> sets S=1, PID=0 and writes the VP8 payload
    /// header (P=0 for <paramref name="keyFrame"/>, then 9d 01 2a and a 640×360 size); other packets of a frame carry only
    /// the descriptor. The descriptor carries a 15-bit PictureID.
    /// </summary>
    public static int WriteVp8(Span<byte> destination, uint ssrc, ushort sequenceNumber, uint timestamp, bool marker,
        bool startOfFrame, bool keyFrame, ushort pictureId, int packetLength, byte payloadType = SyntheticSdp.Vp8PayloadType)
    {
        var writer = new RtpHeaderWriter(destination);
        writer.WriteFixedHeader(marker, payloadType, sequenceNumber, timestamp, ssrc);
        var offset = writer.Finish();
        var descriptor = new Vp8PayloadDescriptor
        {
            StartOfPartition = startOfFrame,
            PartitionIndex = 0,
            HasPictureId = true,
            PictureIdIs15Bit = true,
            PictureId = (ushort)(pictureId & 0x7FFF),
        };
        if (!descriptor.TryWrite(destination[offset..], out var written))
        {
            throw new ArgumentException("The destination is too small for a VP8 packet.", nameof(destination));
        }

        offset += written;
        if (startOfFrame)
        {
            offset += WriteVp8PayloadHeader(destination[offset..], keyFrame);
        }

        return Fill(destination, offset, packetLength, sequenceNumber);
    }

    /// <summary>
    /// Writes one Opus packet with the ssrc-audio-level extension (RFC 6464: V flag, level in −dBov 0..127) under
    /// <paramref name="audioLevelExtensionId"/> (0: no extension); returns its length.
    /// </summary>
    public static int WriteOpus(Span<byte> destination, uint ssrc, ushort sequenceNumber, uint timestamp, byte audioLevelExtensionId,
        bool voice, byte level, int packetLength, byte payloadType = SyntheticSdp.OpusPayloadType)
    {
        var writer = new RtpHeaderWriter(destination);
        writer.WriteFixedHeader(false, payloadType, sequenceNumber, timestamp, ssrc);
        if (audioLevelExtensionId != 0)
        {
            // A one-byte slice of a static table: the writer's span parameter is not scoped, so no stackalloc here.
            writer.AddExtension(audioLevelExtensionId, s_bytes.AsSpan((voice ? 0x80 : 0) | (level & 0x7F), 1));
        }

        var offset = writer.Finish();
        return Fill(destination, offset, packetLength, sequenceNumber);
    }

    /// <summary>The filler byte at <paramref name="index"/> of a packet with <paramref name="sequenceNumber"/>.</summary>
    public static byte FillerByte(ushort sequenceNumber, int index) => unchecked((byte)((sequenceNumber * 31) + index));

    private static int WriteVp8PayloadHeader(Span<byte> destination, bool keyFrame)
    {
        // |Size0|H| VER |P| Size1 Size2: first partition size 100, show frame, version 0, P = 0 for key frames.
        const int firstPartitionSize = 100;
        destination[0] = (byte)(((firstPartitionSize & 0x7) << 5) | 0x10 | (keyFrame ? 0 : 1));
        destination[1] = (byte)(firstPartitionSize >> 3);
        destination[2] = (byte)(firstPartitionSize >> 11);
        if (!keyFrame)
        {
            return Vp8PayloadHeader.Size;
        }

        // RFC 6386 §9.1: start code, then 14-bit width and height (little-endian, scale 0).
        destination[3] = 0x9d;
        destination[4] = 0x01;
        destination[5] = 0x2a;
        destination[6] = 640 & 0xFF;
        destination[7] = 640 >> 8;
        destination[8] = 360 & 0xFF;
        destination[9] = 360 >> 8;
        return Vp8PayloadHeader.KeyFrameSize;
    }

    private static int Fill(Span<byte> destination, int offset, int packetLength, ushort sequenceNumber)
    {
        if (packetLength < offset || packetLength > destination.Length || packetLength > MaxPacketLength)
        {
            throw new ArgumentOutOfRangeException(nameof(packetLength), packetLength,
                $"must be between the header length {offset} and min({destination.Length}, {MaxPacketLength})");
        }

        for (var i = offset; i < packetLength; i++)
        {
            destination[i] = FillerByte(sequenceNumber, i);
        }

        return packetLength;
    }
}
