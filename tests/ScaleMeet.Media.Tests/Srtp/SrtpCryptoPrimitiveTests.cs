using System.Security.Cryptography;
using ScaleMeet.Media.Srtp;

namespace ScaleMeet.Media.Tests.Srtp;

/// <summary>The hand-written primitives against the platform's implementations on random inputs.</summary>
public sealed class SrtpCryptoPrimitiveTests
{
    [AesGcmIntrinsicsFact]
    public void GcmIntrinsics_RandomInputs_MatchPlatformAesGcm()
    {
        var random = new Random(7714);
        byte[] key = new byte[16], nonce = new byte[12];
        for (int iteration = 0; iteration < 3000; iteration++)
        {
            random.NextBytes(key);
            random.NextBytes(nonce);
            byte[] aad = new byte[random.Next(0, 80)];
            // Bias toward the interesting lengths: around block and 8-block boundaries, and full packets.
            int length = iteration < 300 ? iteration : random.Next(0, 1501);
            byte[] plain = new byte[length];
            random.NextBytes(aad);
            random.NextBytes(plain);

            byte[] expected = new byte[length];
            byte[] expectedTag = new byte[16];
            using (var platform = new AesGcm(key, 16))
            {
                platform.Encrypt(nonce, plain, expected, expectedTag, aad);
            }

            using var gcm = new AesGcmIntrinsics(key);
            byte[] data = (byte[])plain.Clone();
            byte[] tag = new byte[16];
            gcm.Seal(nonce, aad, data, tag);
            Assert.Equal(expected, data);
            Assert.Equal(expectedTag, tag);

            Assert.True(gcm.Open(nonce, aad, data, tag));
            Assert.Equal(plain, data);
        }
    }

    [AesGcmIntrinsicsFact]
    public void GcmIntrinsics_TamperedInput_OpenFailsAndLeavesDataUntouched()
    {
        var random = new Random(1);
        byte[] key = new byte[16], nonce = new byte[12], aad = new byte[12], data = new byte[300], tag = new byte[16];
        random.NextBytes(key);
        random.NextBytes(nonce);
        random.NextBytes(aad);
        random.NextBytes(data);
        using var gcm = new AesGcmIntrinsics(key);
        gcm.Seal(nonce, aad, data, tag);

        for (int i = 0; i < 200; i++)
        {
            byte[] d = (byte[])data.Clone(), a = (byte[])aad.Clone(), t = (byte[])tag.Clone();
            int where = random.Next(3);
            byte[] target = where == 0 ? d : where == 1 ? a : t;
            target[random.Next(target.Length)] ^= (byte)(1 << random.Next(8));
            byte[] before = (byte[])d.Clone();
            Assert.False(gcm.Open(nonce, a, d, t));
            Assert.Equal(before, d);
        }
    }

    [Fact]
    public void HmacSha1_RandomInputs_MatchPlatformHmac()
    {
        var random = new Random(2104);
        for (int iteration = 0; iteration < 2000; iteration++)
        {
            byte[] key = new byte[iteration % 7 == 0 ? random.Next(0, 130) : 20];
            byte[] first = new byte[iteration < 200 ? iteration : random.Next(0, 1500)];
            byte[] second = new byte[random.Next(0, 70)];
            random.NextBytes(key);
            random.NextBytes(first);
            random.NextBytes(second);

            byte[] message = [.. first, .. second];
            byte[] expected = HMACSHA1.HashData(key, message);
            byte[] mac = new byte[20];
            new HmacSha1(key).Compute(first, second, mac);
            Assert.Equal(expected, mac);
        }
    }

    [AesNiFact]
    public void AesCounterMode_IntrinsicsAndPlatform_ProduceTheSameKeystream()
    {
        var random = new Random(3711);
        byte[] key = new byte[16], iv = new byte[16];
        for (int iteration = 0; iteration < 500; iteration++)
        {
            random.NextBytes(key);
            random.NextBytes(iv);
            iv[14] = iv[15] = 0;
            byte[] data = new byte[random.Next(0, 3000)];
            random.NextBytes(data);
            byte[] a = (byte[])data.Clone(), b = (byte[])data.Clone();
            using (var ni = new AesCounterMode(key, allowIntrinsics: true)) ni.Xor(iv, a);
            using (var platform = new AesCounterMode(key, allowIntrinsics: false)) platform.Xor(iv, b);
            Assert.Equal(b, a);
        }
    }

    [Fact]
    public void AesCounterMode_Platform_MatchesEcbOfCounters()
    {
        // Independent check of the keystream definition itself: E(IV), E(IV + 1), … through Aes.EncryptEcb.
        byte[] key = SrtpHex.Bytes("000102030405060708090a0b0c0d0e0f");
        byte[] iv = SrtpHex.Bytes("f0f1f2f3f4f5f6f7f8f9fafbfcfd0000");
        byte[] counters = new byte[48];
        for (int j = 0; j < 3; j++)
        {
            iv.CopyTo(counters, j * 16);
            counters[j * 16 + 15] = (byte)j;
        }
        using var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = key;
        byte[] expected = aes.EncryptEcb(counters, PaddingMode.None)[..40];

        foreach (bool allowIntrinsics in new[] { true, false })
        {
            byte[] keystream = new byte[40];
            using var ctr = new AesCounterMode(key, allowIntrinsics);
            ctr.Xor(iv, keystream);
            Assert.Equal(expected, keystream);
        }
    }
}
