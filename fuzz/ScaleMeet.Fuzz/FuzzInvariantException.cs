namespace ScaleMeet.Fuzz;

/// <summary>An input made a parser disagree with itself (a round trip that changed a field): a logic bug, reported as a crash.</summary>
internal sealed class FuzzInvariantException(string message) : Exception(message)
{
    /// <summary>Throws when <paramref name="condition"/> is false.</summary>
    public static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new FuzzInvariantException(what);
        }
    }

    /// <summary>Throws when the two values differ, naming both.</summary>
    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new FuzzInvariantException($"{what}: {expected} before the round trip, {actual} after");
        }
    }

    /// <summary>Throws when the two byte sequences differ.</summary>
    public static void Equal(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, string what)
    {
        if (!expected.SequenceEqual(actual))
        {
            throw new FuzzInvariantException(
                $"{what}: {Convert.ToHexStringLower(expected)} before the round trip, {Convert.ToHexStringLower(actual)} after");
        }
    }
}
