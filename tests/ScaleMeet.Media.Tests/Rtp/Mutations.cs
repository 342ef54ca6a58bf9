namespace ScaleMeet.Media.Tests.Rtp;

/// <summary>
/// Randomized malformed-input runs shared by the parser tests: seeded, so a failure replays exactly.
/// Each round derives an input from a valid vector (truncation, bit flips, byte overwrites, junk appended,
/// length-field style corruption of the first bytes) or draws random bytes, and hands it to the parser,
/// which must not throw. The parser delegate should also walk every accessor of what it accepted.
/// </summary>
internal static class Mutations
{
    public static int Run(int seed, IReadOnlyList<byte[]> valid, Func<byte[], bool> parse, int iterations = 5000)
    {
        var random = new Random(seed);
        var accepted = 0;
        for (var i = 0; i < iterations; i++)
        {
            var input = Mutate(random, valid[random.Next(valid.Count)]);
            try
            {
                accepted += parse(input) ? 1 : 0;
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"Parser threw on iteration {i} (seed {seed}) for input {Hex.Format(input)}: {e}");
            }
        }

        return accepted;
    }

    /// <summary>Every strict prefix of <paramref name="packet"/> shorter than <paramref name="needed"/> bytes is rejected.</summary>
    public static void AssertPrefixesRejected(byte[] packet, Func<byte[], bool> parse, int needed)
    {
        Assert.True(parse(packet), "the valid vector must parse");
        for (var length = 0; length < needed; length++)
        {
            Assert.False(parse(packet[..length]), $"prefix of {length} bytes was accepted");
        }
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        switch (random.Next(6))
        {
            case 0:
                return seed[..random.Next(seed.Length)];
            case 1:
            {
                var copy = (byte[])seed.Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    var bit = random.Next(copy.Length * 8);
                    copy[bit / 8] ^= (byte)(1 << (bit % 8));
                }

                return copy;
            }
            case 2:
            {
                var copy = (byte[])seed.Clone();
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
                return copy;
            }
            case 3:
            {
                var junk = new byte[random.Next(1, 16)];
                random.NextBytes(junk);
                return [.. seed, .. junk];
            }
            case 4:
            {
                // Keep the first byte (so version checks pass) and randomize a field in the first 24 bytes.
                var copy = (byte[])seed.Clone();
                var at = random.Next(1, Math.Min(copy.Length, 24));
                copy[at] = random.Next(3) switch { 0 => 0x00, 1 => 0xFF, _ => (byte)random.Next(256) };
                return random.Next(2) == 0 ? copy : copy[..random.Next(copy.Length)];
            }
            default:
            {
                var bytes = new byte[random.Next(0, 64)];
                random.NextBytes(bytes);
                if (bytes.Length > 0 && random.Next(2) == 0)
                {
                    bytes[0] = (byte)(0x80 | (bytes[0] & 0x3F)); // version 2
                }

                return bytes;
            }
        }
    }
}
