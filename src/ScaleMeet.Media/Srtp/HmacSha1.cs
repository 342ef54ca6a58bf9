using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ScaleMeet.Media.Srtp;

/// <summary>
/// HMAC-SHA1 (RFC 2104, FIPS 180-4 §6.1) with the inner and outer pad states hashed once per key, so a message costs
/// its own blocks plus one outer block, without a platform call. Input is two segments (SRTP: packet, then ROC).
/// Stateless after construction; no allocation per call.
/// </summary>
internal sealed class HmacSha1
{
    public const int HashLength = 20;
    private const int BlockLength = 64;

    private readonly uint[] _inner = new uint[5];
    private readonly uint[] _outer = new uint[5];

    public HmacSha1(ReadOnlySpan<byte> key)
    {
        Span<byte> k = stackalloc byte[BlockLength];
        k.Clear();
        if (key.Length > BlockLength)
        {
            SHA1.HashData(key, k);
        }
        else
        {
            key.CopyTo(k);
        }

        Span<byte> pad = stackalloc byte[BlockLength];
        for (int i = 0; i < BlockLength; i++) pad[i] = (byte)(k[i] ^ 0x36);
        InitialState(_inner);
        Compress(_inner, pad);
        for (int i = 0; i < BlockLength; i++) pad[i] = (byte)(k[i] ^ 0x5c);
        InitialState(_outer);
        Compress(_outer, pad);
        CryptographicOperations.ZeroMemory(k);
        CryptographicOperations.ZeroMemory(pad);
    }

    /// <summary>Writes HMAC(key, first || second) truncated to <paramref name="mac"/>.Length (≤ 20) bytes.</summary>
    public void Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> mac)
    {
        Span<uint> state = stackalloc uint[5];
        _inner.CopyTo(state);
        Span<byte> buffer = stackalloc byte[BlockLength * 2];
        long total = BlockLength + (long)first.Length + second.Length;

        // Whole blocks straight from the input; the tail of `first` is topped up from `second`.
        int fullFirst = first.Length & ~(BlockLength - 1);
        for (int o = 0; o < fullFirst; o += BlockLength) Compress(state, first.Slice(o, BlockLength));
        int pending = first.Length - fullFirst;
        first[fullFirst..].CopyTo(buffer);
        if (pending > 0)
        {
            int take = Math.Min(BlockLength - pending, second.Length);
            second[..take].CopyTo(buffer[pending..]);
            pending += take;
            second = second[take..];
            if (pending == BlockLength)
            {
                Compress(state, buffer[..BlockLength]);
                pending = 0;
            }
        }
        if (pending == 0)
        {
            int fullSecond = second.Length & ~(BlockLength - 1);
            for (int o = 0; o < fullSecond; o += BlockLength) Compress(state, second.Slice(o, BlockLength));
            second[fullSecond..].CopyTo(buffer);
            pending = second.Length - fullSecond;
        }

        FinishInto(state, buffer, pending, total);
        Span<byte> innerHash = stackalloc byte[HashLength];
        WriteState(state, innerHash);

        _outer.CopyTo(state);
        innerHash.CopyTo(buffer);
        FinishInto(state, buffer, HashLength, BlockLength + HashLength);
        Span<byte> outerHash = stackalloc byte[HashLength];
        WriteState(state, outerHash);
        outerHash[..mac.Length].CopyTo(mac);
    }

    /// <summary>Pads the <paramref name="pending"/> bytes in <paramref name="buffer"/> (FIPS 180-4 §5.1.1) and compresses.</summary>
    private static void FinishInto(Span<uint> state, Span<byte> buffer, int pending, long totalBytes)
    {
        buffer[pending] = 0x80;
        int end = pending + 1 + 8 <= BlockLength ? BlockLength : BlockLength * 2;
        buffer[(pending + 1)..(end - 8)].Clear();
        BinaryPrimitives.WriteInt64BigEndian(buffer[(end - 8)..], totalBytes * 8);
        Compress(state, buffer[..BlockLength]);
        if (end > BlockLength) Compress(state, buffer.Slice(BlockLength, BlockLength));
    }

    private static void InitialState(Span<uint> s)
    {
        s[0] = 0x67452301; s[1] = 0xEFCDAB89; s[2] = 0x98BADCFE; s[3] = 0x10325476; s[4] = 0xC3D2E1F0;
    }

    private static void WriteState(ReadOnlySpan<uint> s, Span<byte> output)
    {
        for (int i = 0; i < 5; i++) BinaryPrimitives.WriteUInt32BigEndian(output[(i * 4)..], s[i]);
    }

    /// <summary>SHA-1 compression of one 64-byte block (FIPS 180-4 §6.1.2) with a 16-word rolling schedule.</summary>
    [SkipLocalsInit]
    private static void Compress(Span<uint> state, ReadOnlySpan<byte> block)
    {
        Span<uint> schedule = stackalloc uint[16];
        ref uint w = ref MemoryMarshal.GetReference(schedule);
        for (int i = 0; i < 16; i++) Unsafe.Add(ref w, i) = BinaryPrimitives.ReadUInt32BigEndian(block[(i * 4)..]);
        uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];

        int t = 0;
        for (; t < 20; t++)
        {
            uint temp = BitOperations.RotateLeft(a, 5) + ((b & c) | (~b & d)) + e + 0x5A827999 + Word(ref w, t);
            e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = temp;
        }
        for (; t < 40; t++)
        {
            uint temp = BitOperations.RotateLeft(a, 5) + (b ^ c ^ d) + e + 0x6ED9EBA1 + Word(ref w, t);
            e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = temp;
        }
        for (; t < 60; t++)
        {
            uint temp = BitOperations.RotateLeft(a, 5) + ((b & c) | (b & d) | (c & d)) + e + 0x8F1BBCDC + Word(ref w, t);
            e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = temp;
        }
        for (; t < 80; t++)
        {
            uint temp = BitOperations.RotateLeft(a, 5) + (b ^ c ^ d) + e + 0xCA62C1D6 + Word(ref w, t);
            e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = temp;
        }

        state[0] += a; state[1] += b; state[2] += c; state[3] += d; state[4] += e;
    }

    /// <summary>W[t]; from t = 16 on, W[t] = ROTL1(W[t-3] ^ W[t-8] ^ W[t-14] ^ W[t-16]) kept in a ring of 16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Word(ref uint w, int t)
    {
        if (t < 16)
        {
            return Unsafe.Add(ref w, t);
        }
        uint x = BitOperations.RotateLeft(
            Unsafe.Add(ref w, (t + 13) & 15) ^ Unsafe.Add(ref w, (t + 8) & 15) ^ Unsafe.Add(ref w, (t + 2) & 15) ^ Unsafe.Add(ref w, t & 15), 1);
        Unsafe.Add(ref w, t & 15) = x;
        return x;
    }
}
