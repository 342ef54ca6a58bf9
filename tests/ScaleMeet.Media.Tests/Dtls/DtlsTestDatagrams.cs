using System.Buffers.Binary;

namespace ScaleMeet.Media.Tests.Dtls;

/// <summary>Hand-made DTLS datagrams for the limit tests (RFC 6347 §4.1 record, §4.2.2 handshake header).</summary>
internal static class DtlsTestDatagrams
{
    /// <summary>
    /// One epoch-0 record carrying one ClientHello fragment: <paramref name="fragmentLength"/> zero bytes at
    /// <paramref name="offset"/> of a message declaring <paramref name="declaredLength"/> bytes. With the defaults it is
    /// the 26-byte datagram of the 16 MB attack: 13 (record) + 12 (handshake header) + 1 byte of body.
    /// </summary>
    public static byte[] ClientHelloFragment(int declaredLength, int messageSequence, int offset = 0, int fragmentLength = 1, long recordSequence = 0)
    {
        var datagram = new byte[13 + 12 + fragmentLength];
        WriteRecordHeader(datagram, 22, epoch: 0, recordSequence, 12 + fragmentLength);
        datagram[13] = 1;                                   // client_hello
        WriteUInt24(datagram.AsSpan(14), declaredLength);   // length
        BinaryPrimitives.WriteUInt16BigEndian(datagram.AsSpan(17), (ushort)messageSequence);
        WriteUInt24(datagram.AsSpan(19), offset);           // fragment_offset
        WriteUInt24(datagram.AsSpan(22), fragmentLength);   // fragment_length
        return datagram;
    }

    /// <summary>Many 1-byte fragments of one message in one record, at the given offsets (the overlapping-fragment game).</summary>
    public static byte[] ClientHelloSplinters(int declaredLength, int messageSequence, IReadOnlyList<int> offsets, long recordSequence)
    {
        const int FragmentSize = 12 + 1;
        var datagram = new byte[13 + offsets.Count * FragmentSize];
        WriteRecordHeader(datagram, 22, epoch: 0, recordSequence, offsets.Count * FragmentSize);
        for (int i = 0; i < offsets.Count; i++)
        {
            Span<byte> fragment = datagram.AsSpan(13 + i * FragmentSize);
            fragment[0] = 1;
            WriteUInt24(fragment[1..], declaredLength);
            BinaryPrimitives.WriteUInt16BigEndian(fragment[4..], (ushort)messageSequence);
            WriteUInt24(fragment[6..], offsets[i]);
            WriteUInt24(fragment[9..], 1);
        }

        return datagram;
    }

    /// <summary>An epoch-1 alert record of <paramref name="length"/> random bytes (26 = the length of a real GCM alert).</summary>
    public static byte[] ForgedEncryptedAlert(long recordSequence, int length = 26, int seed = 1)
    {
        var datagram = new byte[13 + length];
        WriteRecordHeader(datagram, 21, epoch: 1, recordSequence, length);
        new Random(seed).NextBytes(datagram.AsSpan(13));
        return datagram;
    }

    private static void WriteRecordHeader(Span<byte> datagram, byte contentType, ushort epoch, long sequence, int length)
    {
        datagram[0] = contentType;
        BinaryPrimitives.WriteUInt16BigEndian(datagram[1..], 0xFEFD);
        BinaryPrimitives.WriteUInt16BigEndian(datagram[3..], epoch);
        BinaryPrimitives.WriteUInt16BigEndian(datagram[5..], (ushort)(sequence >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(datagram[7..], (uint)sequence);
        BinaryPrimitives.WriteUInt16BigEndian(datagram[11..], (ushort)length);
    }

    private static void WriteUInt24(Span<byte> destination, int value)
    {
        destination[0] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)value;
    }
}
