using System.Buffers.Binary;
using System.Net;
using System.Numerics;

namespace ScaleMeet.Media.Ice;

/// <summary>
/// The last N STUN transaction ids (96 bits) an <see cref="IceLiteSession"/> authenticated, each with a key of the
/// endpoint it came from, in a ring that forgets the oldest. Linear search: N is small and requests are rare (a
/// browser checks a pair every few seconds). Single-threaded; allocates only in the constructor.
/// </summary>
internal sealed class TransactionMemory
{
    private readonly ulong[] _high;
    private readonly uint[] _low;
    private readonly long[] _from;
    private int _count;
    private int _next;

    public TransactionMemory(int capacity)
    {
        _high = new ulong[capacity];
        _low = new uint[capacity];
        _from = new long[capacity];
    }

    /// <summary>True when <paramref name="transactionId"/> (12 bytes) is remembered; <paramref name="from"/> is its endpoint key.</summary>
    public bool Find(ReadOnlySpan<byte> transactionId, out long from)
    {
        var high = BinaryPrimitives.ReadUInt64BigEndian(transactionId);
        var low = BinaryPrimitives.ReadUInt32BigEndian(transactionId[8..]);
        for (var i = 0; i < _count; i++)
        {
            if (_high[i] == high && _low[i] == low)
            {
                from = _from[i];
                return true;
            }
        }

        from = 0;
        return false;
    }

    /// <summary>Remembers <paramref name="transactionId"/> from the endpoint with key <paramref name="from"/>, forgetting the oldest when full.</summary>
    public void Add(ReadOnlySpan<byte> transactionId, long from)
    {
        _high[_next] = BinaryPrimitives.ReadUInt64BigEndian(transactionId);
        _low[_next] = BinaryPrimitives.ReadUInt32BigEndian(transactionId[8..]);
        _from[_next] = from;
        _next = (_next + 1) % _high.Length;
        _count = Math.Min(_count + 1, _high.Length);
    }

    /// <summary>
    /// A 64-bit key of an endpoint, without allocating: exact for IPv4 (IPv4-mapped IPv6 counts as IPv4), the
    /// 128-bit address folded for IPv6; the port in the low 16 bits.
    /// </summary>
    public static long EndpointKey(IPEndPoint endPoint)
    {
        var address = endPoint.Address;
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        long folded;
        if (written == 4)
        {
            folded = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        }
        else if (address.IsIPv4MappedToIPv6)
        {
            folded = BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]);
        }
        else
        {
            var mixed = BinaryPrimitives.ReadUInt64BigEndian(bytes) ^ BitOperations.RotateLeft(BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]), 29)
                ^ ((ulong)address.ScopeId << 7);
            folded = (long)(mixed | (1UL << 47)); // apart from every IPv4 key
        }

        return (folded << 16) ^ endPoint.Port;
    }
}
