using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Benchmarks.Srtp;

/// <summary>
/// SRTP protect and unprotect of one 1200-byte RTP packet (12-byte header, 1188-byte payload), in place.
/// Unprotect copies one of 1024 pre-protected packets (consecutive sequence numbers) into a work buffer first, and
/// forgets the receiver's stream state when the ring wraps so the replay window never drops them; the 1.2 KB copy
/// is included in its time.
/// </summary>
[MemoryDiagnoser]
public class SrtpBenchmarks
{
    private const int PacketLength = 1200;
    private const int Ring = 1024;

    public enum Cipher
    {
        GcmIntrinsics,
        GcmAesGcmFallback,
        AesCmHmacSha1_80,
    }

    [Params(Cipher.GcmIntrinsics, Cipher.GcmAesGcmFallback, Cipher.AesCmHmacSha1_80)]
    public Cipher Variant { get; set; }

    private SrtpSession _sender = null!;
    private SrtpSession _receiver = null!;
    private readonly byte[] _packet = new byte[PacketLength + 16];
    private readonly byte[] _work = new byte[PacketLength + 16];
    private readonly byte[][] _protected = new byte[Ring][];
    private int _protectedLength;
    private ushort _seq;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        SrtpProfile profile = Variant == Cipher.AesCmHmacSha1_80 ? SrtpProfile.AesCm128HmacSha1_80 : SrtpProfile.AeadAes128Gcm;
        bool intrinsics = Variant != Cipher.GcmAesGcmFallback;
        byte[] key = new byte[SrtpSession.KeyLength(profile)];
        byte[] salt = new byte[SrtpSession.SaltLength(profile)];
        new Random(1).NextBytes(key);
        new Random(2).NextBytes(salt);
        _sender = new SrtpSession(profile, key, salt, intrinsics);
        _receiver = new SrtpSession(profile, key, salt, intrinsics);

        new Random(3).NextBytes(_packet);
        _packet[0] = 0x80;       // V=2, no padding, extension or CSRC
        _packet[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(8), 0x1234_5678);

        using var ringSender = new SrtpSession(profile, key, salt, intrinsics);
        for (int i = 0; i < Ring; i++)
        {
            byte[] p = (byte[])_packet.Clone();
            BinaryPrimitives.WriteUInt16BigEndian(p.AsSpan(2), (ushort)i);
            if (!ringSender.ProtectRtp(p, PacketLength, out _protectedLength))
            {
                throw new InvalidOperationException("protect failed in setup");
            }
            _protected[i] = p;
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    [Benchmark]
    public int Protect()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_packet.AsSpan(2), _seq++);
        _sender.ProtectRtp(_packet, PacketLength, out int length);
        return length;
    }

    [Benchmark]
    public int Unprotect()
    {
        _protected[_next].AsSpan(0, _protectedLength).CopyTo(_work);
        if (!_receiver.UnprotectRtp(_work, _protectedLength, out int length))
        {
            throw new InvalidOperationException("unprotect failed");
        }
        if (++_next == Ring)
        {
            _next = 0;
            _receiver.ResetStreams();
        }
        return length;
    }
}
