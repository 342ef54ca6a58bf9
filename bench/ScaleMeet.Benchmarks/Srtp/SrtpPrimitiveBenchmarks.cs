using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Benchmarks.Srtp;

/// <summary>The pieces under SRTP on a 1200-byte packet: why GCM and HMAC-SHA1 are hand-written.</summary>
[MemoryDiagnoser]
public class SrtpPrimitiveBenchmarks
{
    private readonly byte[] _data = new byte[1188];
    private readonly byte[] _aad = new byte[12];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _tag = new byte[16];
    private readonly byte[] _key = new byte[20];
    private readonly byte[] _mac = new byte[20];
    private readonly byte[] _roc = new byte[4];
    private AesGcmIntrinsics _gcm = null!;
    private HmacSha1 _hmac = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_data);
        _gcm = new AesGcmIntrinsics(_key.AsSpan(0, 16));
        _hmac = new HmacSha1(_key);
    }

    [Benchmark]
    public void GcmIntrinsicsSeal() => _gcm.Seal(_nonce, _aad, _data, _tag);

    [Benchmark]
    public void HmacSha1Managed() => _hmac.Compute(_data, _roc, _mac);

    [Benchmark]
    public int HmacSha1Platform() => HMACSHA1.HashData(_key, _data, _mac);
}
