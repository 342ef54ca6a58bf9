using System.Buffers.Binary;
using ScaleMeet.LoadTest.SyntheticMedia;

namespace ScaleMeet.LoadTest.Tests.SyntheticMedia;

/// <summary>Builds small, valid IVF/VP8 and Ogg Opus files in memory, so tests do not need ffmpeg.</summary>
internal static class TestMedia
{
    /// <summary>Opus TOC of a 20 ms CELT fullband mono frame (config 31, s=0, c=0).</summary>
    public const byte Toc20Ms = 31 << 3;

    /// <summary>A VP8 frame of <paramref name="length"/> bytes: a valid tag (and key frame header), then filler from <paramref name="seed"/>.</summary>
    public static byte[] Vp8Frame(bool key, int width, int height, int length, int seed)
    {
        var frame = new byte[length];
        for (var i = 0; i < length; i++)
        {
            frame[i] = unchecked((byte)((seed * 131) + (i * 7)));
        }

        var headerLength = key ? 10 : 3;
        var firstPartition = Math.Min(length - headerLength, 50);
        frame[0] = (byte)(((firstPartition & 0x7) << 5) | 0x10 | (key ? 0 : 1));
        frame[1] = (byte)(firstPartition >> 3);
        frame[2] = (byte)(firstPartition >> 11);
        if (key)
        {
            frame[3] = 0x9d;
            frame[4] = 0x01;
            frame[5] = 0x2a;
            BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(6), (ushort)width);
            BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(8), (ushort)height);
        }

        return frame;
    }

    /// <summary>An IVF file of VP8 <paramref name="frames"/> with timestamps 0, 1, 2… in a 1/<paramref name="rate"/> timebase.</summary>
    public static byte[] Ivf(IReadOnlyList<byte[]> frames, int width, int height, uint rate = 30)
    {
        var stream = new MemoryStream();
        var header = new byte[32];
        "DKIF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 32);
        "VP80"u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(12), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(14), (ushort)height);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), rate);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), (uint)frames.Count);
        stream.Write(header);
        for (var i = 0; i < frames.Count; i++)
        {
            var frameHeader = new byte[12];
            BinaryPrimitives.WriteUInt32LittleEndian(frameHeader, (uint)frames[i].Length);
            BinaryPrimitives.WriteUInt64LittleEndian(frameHeader.AsSpan(4), (ulong)i);
            stream.Write(frameHeader);
            stream.Write(frames[i]);
        }

        return stream.ToArray();
    }

    /// <summary>The frames of a clip with a key frame every <paramref name="keyEvery"/> frames; key frames are bigger.</summary>
    public static byte[][] Frames(int count, int keyEvery, int width, int height, int interSize = 700, int keySize = 5000) =>
        Enumerable.Range(0, count).Select(i => Vp8Frame(i % keyEvery == 0, width, height, i % keyEvery == 0 ? keySize : interSize + (i % 7), i)).ToArray();

    public static VideoClip Clip(int count = 60, int keyEvery = 30, int width = 320, int height = 180, int interSize = 700, int keySize = 5000)
    {
        Assert.True(VideoClip.TryLoad(Ivf(Frames(count, keyEvery, width, height, interSize, keySize), width, height), out var clip, out var error), error);
        return clip!;
    }

    /// <summary>An Opus audio packet of 20 ms with <paramref name="length"/> bytes; byte 1 holds the packet index.</summary>
    public static byte[] OpusPacket(int index, int length)
    {
        var packet = new byte[length];
        packet[0] = Toc20Ms;
        for (var i = 1; i < length; i++)
        {
            packet[i] = unchecked((byte)(index + i));
        }

        return packet;
    }

    public static byte[] OpusHead()
    {
        var head = new byte[19];
        "OpusHead"u8.CopyTo(head);
        head[8] = 1;
        head[9] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(10), 312);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), 48000);
        return head;
    }

    public static byte[] OpusTags() => [.. "OpusTags"u8, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>
    /// An Ogg Opus file: OpusHead alone on the first page, OpusTags on the second, then <paramref name="packets"/>
    /// laced into pages of at most <paramref name="segmentsPerPage"/> segments (so packets span pages).
    /// </summary>
    public static byte[] OggOpus(IReadOnlyList<byte[]> packets, int segmentsPerPage = 255, uint serial = 0x1234)
    {
        var stream = new MemoryStream();
        uint sequence = 0;
        stream.Write(OggPage(serial, sequence++, 0x02, 0, Lacing(OpusHead().Length), OpusHead()));
        stream.Write(OggPage(serial, sequence++, 0x00, 0, Lacing(OpusTags().Length), OpusTags()));
        var segments = new List<(byte Lacing, int PacketStart)>();
        var body = new List<byte>();
        foreach (var packet in packets)
        {
            var first = true;
            foreach (var lacing in Lacing(packet.Length))
            {
                segments.Add((lacing, first ? 1 : 0));
                first = false;
            }

            body.AddRange(packet);
        }

        var bodyOffset = 0;
        for (var s = 0; s < segments.Count; s += segmentsPerPage)
        {
            var page = segments.Skip(s).Take(segmentsPerPage).ToArray();
            var lacing = page.Select(p => p.Lacing).ToArray();
            var length = lacing.Sum(l => l);
            var last = s + segmentsPerPage >= segments.Count;
            var type = (byte)((page[0].PacketStart == 0 ? 0x01 : 0) | (last ? 0x04 : 0));
            stream.Write(OggPage(serial, sequence++, type, 960 * s, lacing, body.Skip(bodyOffset).Take(length).ToArray()));
            bodyOffset += length;
        }

        return stream.ToArray();
    }

    public static byte[] Lacing(int length) => [.. Enumerable.Repeat((byte)255, length / 255), (byte)(length % 255)];

    /// <summary>One Ogg page with a correct CRC.</summary>
    public static byte[] OggPage(uint serial, uint sequence, byte headerType, long granule, byte[] lacing, byte[] body)
    {
        var page = new byte[27 + lacing.Length + body.Length];
        "OggS"u8.CopyTo(page);
        page[5] = headerType;
        BinaryPrimitives.WriteInt64LittleEndian(page.AsSpan(6), granule);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(14), serial);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(18), sequence);
        page[26] = (byte)lacing.Length;
        lacing.CopyTo(page, 27);
        body.CopyTo(page, 27 + lacing.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(22), ReferenceCrc(page));
        return page;
    }

    public static AudioClip Audio(int count = 50, string? levels = null)
    {
        var file = OggOpus(Enumerable.Range(0, count).Select(i => OpusPacket(i, 60 + (i % 20))).ToArray());
        Assert.True(AudioClip.TryLoad(file, levels, out var clip, out var error), error);
        return clip!;
    }

    /// <summary>The Ogg CRC computed bit by bit (independent of the table-driven one under test).</summary>
    private static uint ReferenceCrc(byte[] page)
    {
        uint crc = 0;
        for (var i = 0; i < page.Length; i++)
        {
            crc ^= (uint)(i is >= 22 and < 26 ? 0 : page[i]) << 24;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }

        return crc;
    }
}
