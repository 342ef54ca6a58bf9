namespace ScaleMeet.Media.Stun;

/// <summary>
/// CRC-32 as used by STUN FINGERPRINT (RFC 8489 §14.7, which points to ITU-T V.42 / ISO 3309):
/// reflected polynomial 0xEDB88320, initial value and final xor 0xFFFFFFFF. Table-driven, one
/// byte per step (STUN messages are small and rare compared to media).
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Start, data));

    /// <summary>The running value to feed to <see cref="Append"/> first.</summary>
    public const uint Start = 0xFFFFFFFF;

    /// <summary>Feeds more bytes into a running value (not yet finished).</summary>
    public static uint Append(uint running, ReadOnlySpan<byte> data)
    {
        uint[] table = Table;
        foreach (byte b in data)
        {
            running = table[(running ^ b) & 0xFF] ^ (running >> 8);
        }

        return running;
    }

    /// <summary>Turns a running value into the CRC.</summary>
    public static uint Finish(uint running) => running ^ 0xFFFFFFFF;

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
