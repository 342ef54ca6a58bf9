using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace ScaleMeet.Media.Srtp;

/// <summary>
/// AES-128 in counter mode as SRTP uses it (RFC 3711 §4.1.1): keystream block j is E_k(IV + j), the IV having zero
/// low 16 bits. AES-NI when allowed and present, else the platform's AES-ECB transform over a block of counters (one
/// call per 2 KiB of keystream, through scratch arrays owned here). Single-threaded use; no allocation per call.
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    private const int FallbackChunk = 2048;

    private readonly Vector128<byte>[]? _roundKeys;
    private readonly System.Security.Cryptography.Aes? _ecb;
    private readonly ICryptoTransform? _encryptor;
    private readonly byte[]? _counters;
    private readonly byte[]? _keystream;

    public AesCounterMode(ReadOnlySpan<byte> key, bool allowIntrinsics)
    {
        if (key.Length != 16)
        {
            throw new ArgumentException("AES-128 needs a 16-byte key.", nameof(key));
        }
        if (allowIntrinsics && AesNiCore.IsSupported)
        {
            _roundKeys = new Vector128<byte>[AesNiCore.RoundKeyCount];
            AesNiCore.ExpandKey(key, _roundKeys);
        }
        else
        {
            _ecb = System.Security.Cryptography.Aes.Create();
            _ecb.Key = key.ToArray();
            _ecb.Mode = CipherMode.ECB;
            _ecb.Padding = PaddingMode.None;
            _encryptor = _ecb.CreateEncryptor();
            _counters = new byte[FallbackChunk];
            _keystream = new byte[FallbackChunk];
        }
    }

    public bool UsesIntrinsics => _roundKeys is not null;

    /// <summary>XORs <paramref name="data"/> with the keystream that starts at the 16-byte <paramref name="iv"/>.</summary>
    public void Xor(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (iv.Length != 16)
        {
            throw new ArgumentException("The counter-mode IV is 16 bytes.", nameof(iv));
        }
        if (_roundKeys is not null)
        {
            AesNiCore.CtrXor(_roundKeys, Vector128.Create(iv), 0, data);
            return;
        }

        byte[] counters = _counters!, keystream = _keystream!;
        uint baseWord = BinaryPrimitives.ReadUInt32BigEndian(iv[12..]);
        uint block = 0;
        for (int offset = 0; offset < data.Length; offset += FallbackChunk)
        {
            int length = Math.Min(FallbackChunk, data.Length - offset);
            int blocks = (length + 15) >> 4;
            for (int j = 0; j < blocks; j++, block++)
            {
                Span<byte> c = counters.AsSpan(j * 16, 16);
                iv[..12].CopyTo(c);
                BinaryPrimitives.WriteUInt32BigEndian(c[12..], baseWord + block);
            }
            _encryptor!.TransformBlock(counters, 0, blocks * 16, keystream, 0);
            Span<byte> chunk = data.Slice(offset, length);
            for (int i = 0; i < chunk.Length; i++)
            {
                chunk[i] ^= keystream[i];
            }
        }
    }

    public void Dispose()
    {
        if (_roundKeys is not null)
        {
            Array.Clear(_roundKeys);
        }
        _encryptor?.Dispose();
        _ecb?.Dispose();
    }
}
