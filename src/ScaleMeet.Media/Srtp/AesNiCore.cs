using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using AesNi = System.Runtime.Intrinsics.X86.Aes;

namespace ScaleMeet.Media.Srtp;

/// <summary>
/// AES-128 with the CPU's AES-NI instructions (FIPS 197): key expansion, single-block encryption and a counter-mode
/// keystream with 8 blocks in flight. Callers check <see cref="IsSupported"/> first. Stateless, thread-safe.
/// </summary>
internal static class AesNiCore
{
    public const int RoundKeyCount = 11;

    public static bool IsSupported => AesNi.IsSupported && Sse2.IsSupported;

    /// <summary>Expands a 16-byte key into 11 round keys (FIPS 197 §5.2, done with AESKEYGENASSIST).</summary>
    public static void ExpandKey(ReadOnlySpan<byte> key, Span<Vector128<byte>> roundKeys)
    {
        if (key.Length != 16 || roundKeys.Length < RoundKeyCount)
        {
            throw new ArgumentException("AES-128 needs a 16-byte key and room for 11 round keys.");
        }

        Vector128<byte> k = Vector128.Create(key);
        roundKeys[0] = k;
        k = Step(k, AesNi.KeygenAssist(k, 0x01)); roundKeys[1] = k;
        k = Step(k, AesNi.KeygenAssist(k, 0x02)); roundKeys[2] = k;
        k = Step(k, AesNi.KeygenAssist(k, 0x04)); roundKeys[3] = k;
        k = Step(k, AesNi.KeygenAssist(k, 0x08)); roundKeys[4] = k;
        k = Step(k, AesNi.KeygenAssist(k, 0x10)); roundKeys[5] = k;
        k = Step(k, AesNi.KeygenAssist(k, 0x20)); roundKeys[6] = k;
        k = Step(k, AesNi.KeygenAssist(k, 0x40)); roundKeys[7] = k;
        k = Step(k, AesNi.KeygenAssist(k, 0x80)); roundKeys[8] = k;
        k = Step(k, AesNi.KeygenAssist(k, 0x1B)); roundKeys[9] = k;
        k = Step(k, AesNi.KeygenAssist(k, 0x36)); roundKeys[10] = k;
    }

    private static Vector128<byte> Step(Vector128<byte> key, Vector128<byte> assist)
    {
        // Broadcast RotWord(SubWord(w3)) ^ rcon, then fold w[i] ^= w[i-1] across the four words.
        Vector128<byte> t = Sse2.Shuffle(assist.AsUInt32(), 0xFF).AsByte();
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        return key ^ t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> EncryptBlock(Vector128<byte> block, ReadOnlySpan<Vector128<byte>> rk)
    {
        block ^= rk[0];
        for (int r = 1; r < 10; r++)
        {
            block = AesNi.Encrypt(block, rk[r]);
        }
        return AesNi.EncryptLast(block, rk[10]);
    }

    /// <summary>
    /// XORs <paramref name="data"/> with the keystream E(ctr(first)), E(ctr(first+1)), … where ctr(n) is
    /// <paramref name="counterBase"/> with <c>n</c> added to its last 32-bit big-endian word (bytes 12..15).
    /// That serves GCM (inc32 on the J0 block) and SRTP AES-CM (whose IV has zero low 16 bits and packets are
    /// shorter than 2^16 blocks, so the 128-bit increment never carries past byte 12).
    /// </summary>
    public static void CtrXor(ReadOnlySpan<Vector128<byte>> rk, Vector128<byte> counterBase, uint first, Span<byte> data)
    {
        if (rk.Length < RoundKeyCount)
        {
            throw new ArgumentException("Expected 11 round keys.", nameof(rk));
        }

        uint baseWord = BinaryPrimitives.ReverseEndianness(counterBase.AsUInt32().GetElement(3));
        Vector128<uint> iv = counterBase.AsUInt32();
        uint ctr = baseWord + first;
        ref byte p = ref MemoryMarshal.GetReference(data);
        int length = data.Length;
        int offset = 0;

        while (length - offset >= 128)
        {
            Vector128<byte> k0 = rk[0];
            Vector128<byte> b0 = Counter(iv, ctr) ^ k0;
            Vector128<byte> b1 = Counter(iv, ctr + 1) ^ k0;
            Vector128<byte> b2 = Counter(iv, ctr + 2) ^ k0;
            Vector128<byte> b3 = Counter(iv, ctr + 3) ^ k0;
            Vector128<byte> b4 = Counter(iv, ctr + 4) ^ k0;
            Vector128<byte> b5 = Counter(iv, ctr + 5) ^ k0;
            Vector128<byte> b6 = Counter(iv, ctr + 6) ^ k0;
            Vector128<byte> b7 = Counter(iv, ctr + 7) ^ k0;
            for (int r = 1; r < 10; r++)
            {
                Vector128<byte> k = rk[r];
                b0 = AesNi.Encrypt(b0, k);
                b1 = AesNi.Encrypt(b1, k);
                b2 = AesNi.Encrypt(b2, k);
                b3 = AesNi.Encrypt(b3, k);
                b4 = AesNi.Encrypt(b4, k);
                b5 = AesNi.Encrypt(b5, k);
                b6 = AesNi.Encrypt(b6, k);
                b7 = AesNi.Encrypt(b7, k);
            }
            Vector128<byte> kl = rk[10];
            nuint o = (nuint)offset;
            (AesNi.EncryptLast(b0, kl) ^ Vector128.LoadUnsafe(ref p, o)).StoreUnsafe(ref p, o);
            (AesNi.EncryptLast(b1, kl) ^ Vector128.LoadUnsafe(ref p, o + 16)).StoreUnsafe(ref p, o + 16);
            (AesNi.EncryptLast(b2, kl) ^ Vector128.LoadUnsafe(ref p, o + 32)).StoreUnsafe(ref p, o + 32);
            (AesNi.EncryptLast(b3, kl) ^ Vector128.LoadUnsafe(ref p, o + 48)).StoreUnsafe(ref p, o + 48);
            (AesNi.EncryptLast(b4, kl) ^ Vector128.LoadUnsafe(ref p, o + 64)).StoreUnsafe(ref p, o + 64);
            (AesNi.EncryptLast(b5, kl) ^ Vector128.LoadUnsafe(ref p, o + 80)).StoreUnsafe(ref p, o + 80);
            (AesNi.EncryptLast(b6, kl) ^ Vector128.LoadUnsafe(ref p, o + 96)).StoreUnsafe(ref p, o + 96);
            (AesNi.EncryptLast(b7, kl) ^ Vector128.LoadUnsafe(ref p, o + 112)).StoreUnsafe(ref p, o + 112);
            offset += 128;
            ctr += 8;
        }

        while (length - offset >= 16)
        {
            nuint o = (nuint)offset;
            (EncryptBlock(Counter(iv, ctr), rk) ^ Vector128.LoadUnsafe(ref p, o)).StoreUnsafe(ref p, o);
            offset += 16;
            ctr++;
        }

        if (offset < length)
        {
            Span<byte> ks = stackalloc byte[16];
            EncryptBlock(Counter(iv, ctr), rk).CopyTo(ks);
            for (int i = offset; i < length; i++)
            {
                data[i] ^= ks[i - offset];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Counter(Vector128<uint> iv, uint ctr) =>
        iv.WithElement(3, BinaryPrimitives.ReverseEndianness(ctr)).AsByte();
}
