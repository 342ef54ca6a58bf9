using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ScaleMeet.Media.Srtp;

/// <summary>
/// GHASH (NIST SP 800-38D §6.4) with PCLMULQDQ. Field elements are kept byte-reversed ("reflected"): a block is loaded
/// and its 16 bytes reversed, so bit 127 of the 128-bit integer is the coefficient of x^0. Products of reflected
/// operands come out shifted right by one bit; <see cref="Reduce"/> shifts them back and reduces modulo
/// x^128 + x^7 + x^2 + x + 1 (Gueron and Kounavis, "Intel Carry-Less Multiplication Instruction and its Usage for
/// Computing the GCM Mode", algorithm 5). Eight blocks are multiplied by H^8..H^1 and summed before one reduction.
/// </summary>
internal sealed class Ghash
{
    public const int Powers = 8;

    private static readonly Vector128<byte> s_reverse =
        Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

    // _h[i] = H^(i+1), reflected.
    private readonly Vector128<ulong>[] _h = new Vector128<ulong>[Powers];

    public static bool IsSupported => Pclmulqdq.IsSupported && Ssse3.IsSupported && Sse2.IsSupported;

    /// <param name="hashKey">H = E_K(0^128) as it comes out of the cipher.</param>
    public Ghash(Vector128<byte> hashKey)
    {
        Vector128<ulong> h = Reflect(hashKey);
        _h[0] = h;
        for (int i = 1; i < Powers; i++)
        {
            _h[i] = Multiply(_h[i - 1], h);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Reflect(Vector128<byte> block) => Ssse3.Shuffle(block, s_reverse).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Unreflect(Vector128<ulong> value) => Ssse3.Shuffle(value.AsByte(), s_reverse);

    /// <summary>Absorbs <paramref name="data"/> zero-padded to a multiple of 16 bytes into <paramref name="acc"/>.</summary>
    public Vector128<ulong> Update(Vector128<ulong> acc, ReadOnlySpan<byte> data)
    {
        ref byte p = ref MemoryMarshal.GetReference(data);
        int full = data.Length & ~15;
        int offset = 0;
        if (full >= 16 * Powers)
        {
            acc = Update8(acc, ref p, full, ref offset);
        }
        while (offset < full)
        {
            int blocks = Math.Min(Powers, (full - offset) >> 4);
            acc = UpdateBlocks(acc, ref Unsafe.Add(ref p, offset), blocks);
            offset += blocks << 4;
        }
        if (offset < data.Length)
        {
            Span<byte> last = stackalloc byte[16];
            last.Clear();
            data[offset..].CopyTo(last);
            acc = UpdateBlocks(acc, ref MemoryMarshal.GetReference(last), 1);
        }
        return acc;
    }

    /// <summary>The hot loop: 8 blocks per reduction with the powers of H held in registers.</summary>
    private Vector128<ulong> Update8(Vector128<ulong> acc, ref byte p, int full, ref int offset)
    {
        Vector128<ulong>[] h = _h;
        Vector128<ulong> h8 = h[7], h7 = h[6], h6 = h[5], h5 = h[4], h4 = h[3], h3 = h[2], h2 = h[1], h1 = h[0];
        while (full - offset >= 16 * Powers)
        {
            ref byte b = ref Unsafe.Add(ref p, offset);
            Vector128<ulong> x = acc ^ Reflect(Vector128.LoadUnsafe(ref b));
            Vector128<ulong> lo = Pclmulqdq.CarrylessMultiply(x, h8, 0x00);
            Vector128<ulong> hi = Pclmulqdq.CarrylessMultiply(x, h8, 0x11);
            Vector128<ulong> mid = Pclmulqdq.CarrylessMultiply(x, h8, 0x01) ^ Pclmulqdq.CarrylessMultiply(x, h8, 0x10);
            Accumulate(Reflect(Vector128.LoadUnsafe(ref b, 16)), h7, ref lo, ref hi, ref mid);
            Accumulate(Reflect(Vector128.LoadUnsafe(ref b, 32)), h6, ref lo, ref hi, ref mid);
            Accumulate(Reflect(Vector128.LoadUnsafe(ref b, 48)), h5, ref lo, ref hi, ref mid);
            Accumulate(Reflect(Vector128.LoadUnsafe(ref b, 64)), h4, ref lo, ref hi, ref mid);
            Accumulate(Reflect(Vector128.LoadUnsafe(ref b, 80)), h3, ref lo, ref hi, ref mid);
            Accumulate(Reflect(Vector128.LoadUnsafe(ref b, 96)), h2, ref lo, ref hi, ref mid);
            Accumulate(Reflect(Vector128.LoadUnsafe(ref b, 112)), h1, ref lo, ref hi, ref mid);
            acc = Reduce(hi ^ Sse2.ShiftRightLogical128BitLane(mid, 8), lo ^ Sse2.ShiftLeftLogical128BitLane(mid, 8));
            offset += 16 * Powers;
        }
        return acc;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(Vector128<ulong> x, Vector128<ulong> h, ref Vector128<ulong> lo, ref Vector128<ulong> hi,
        ref Vector128<ulong> mid)
    {
        lo ^= Pclmulqdq.CarrylessMultiply(x, h, 0x00);
        hi ^= Pclmulqdq.CarrylessMultiply(x, h, 0x11);
        mid ^= Pclmulqdq.CarrylessMultiply(x, h, 0x01) ^ Pclmulqdq.CarrylessMultiply(x, h, 0x10);
    }

    /// <summary>Absorbs the final block len(A) || len(C), both in bits, 64-bit big-endian.</summary>
    public Vector128<ulong> Finish(Vector128<ulong> acc, int aadLength, int textLength) =>
        Multiply(acc ^ Vector128.Create((ulong)textLength * 8, (ulong)aadLength * 8), _h[0]);

    /// <summary>acc = (acc ^ X1)·H^n ^ X2·H^(n-1) ^ … ^ Xn·H for 1 ≤ n ≤ 8, with one reduction.</summary>
    private Vector128<ulong> UpdateBlocks(Vector128<ulong> acc, ref byte blocks, int n)
    {
        Vector128<ulong>[] h = _h;
        Vector128<ulong> x = acc ^ Reflect(Vector128.LoadUnsafe(ref blocks));
        Vector128<ulong> hp = h[n - 1];
        Vector128<ulong> lo = Pclmulqdq.CarrylessMultiply(x, hp, 0x00);
        Vector128<ulong> hi = Pclmulqdq.CarrylessMultiply(x, hp, 0x11);
        Vector128<ulong> mid = Pclmulqdq.CarrylessMultiply(x, hp, 0x01) ^ Pclmulqdq.CarrylessMultiply(x, hp, 0x10);
        for (int i = 1; i < n; i++)
        {
            x = Reflect(Vector128.LoadUnsafe(ref blocks, (nuint)(i << 4)));
            hp = h[n - 1 - i];
            lo ^= Pclmulqdq.CarrylessMultiply(x, hp, 0x00);
            hi ^= Pclmulqdq.CarrylessMultiply(x, hp, 0x11);
            mid ^= Pclmulqdq.CarrylessMultiply(x, hp, 0x01) ^ Pclmulqdq.CarrylessMultiply(x, hp, 0x10);
        }
        return Reduce(hi ^ Sse2.ShiftRightLogical128BitLane(mid, 8), lo ^ Sse2.ShiftLeftLogical128BitLane(mid, 8));
    }

    /// <summary>Full product a·b in the GCM field, both reflected.</summary>
    public static Vector128<ulong> Multiply(Vector128<ulong> a, Vector128<ulong> b)
    {
        Vector128<ulong> lo = Pclmulqdq.CarrylessMultiply(a, b, 0x00);
        Vector128<ulong> hi = Pclmulqdq.CarrylessMultiply(a, b, 0x11);
        Vector128<ulong> mid = Pclmulqdq.CarrylessMultiply(a, b, 0x01) ^ Pclmulqdq.CarrylessMultiply(a, b, 0x10);
        return Reduce(hi ^ Sse2.ShiftRightLogical128BitLane(mid, 8), lo ^ Sse2.ShiftLeftLogical128BitLane(mid, 8));
    }

    /// <summary>Reduces the 256-bit carry-less product [hi:lo] of two reflected operands.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Reduce(Vector128<ulong> hi, Vector128<ulong> lo)
    {
        // 1. Shift the 256-bit value left by one bit (the reflected product is one bit short).
        Vector128<ulong> carryLo = Sse2.ShiftRightLogical(lo, 63);
        Vector128<ulong> carryHi = Sse2.ShiftRightLogical(hi, 63);
        lo = Sse2.ShiftLeftLogical(lo, 1) | Sse2.ShiftLeftLogical128BitLane(carryLo, 8);
        hi = Sse2.ShiftLeftLogical(hi, 1) | Sse2.ShiftLeftLogical128BitLane(carryHi, 8)
            | Sse2.ShiftRightLogical128BitLane(carryLo, 8);

        // 2. Fold the bits of X0 that x^1, x^2 and x^7 push past x^127 back into X1: D = X1 ^ A ^ B ^ C.
        Vector128<ulong> spill = Sse2.ShiftLeftLogical(lo, 63) ^ Sse2.ShiftLeftLogical(lo, 62) ^ Sse2.ShiftLeftLogical(lo, 57);
        Vector128<ulong> dx = lo ^ Sse2.ShiftLeftLogical128BitLane(spill, 8);

        // 3. [D:X0]·(1 + x + x^2 + x^7): 128-bit right shifts by 1, 2 and 7, split into in-lane and cross-lane parts.
        Vector128<ulong> inLane = Sse2.ShiftRightLogical(dx, 1) ^ Sse2.ShiftRightLogical(dx, 2) ^ Sse2.ShiftRightLogical(dx, 7);
        Vector128<ulong> cross = Sse2.ShiftLeftLogical(dx, 63) ^ Sse2.ShiftLeftLogical(dx, 62) ^ Sse2.ShiftLeftLogical(dx, 57);
        Vector128<ulong> folded = dx ^ inLane ^ Sse2.ShiftRightLogical128BitLane(cross, 8);

        // 4. Add to the low-degree half.
        return hi ^ folded;
    }
}
