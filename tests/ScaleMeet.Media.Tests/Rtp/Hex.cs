using System.Globalization;

namespace ScaleMeet.Media.Tests.Rtp;

/// <summary>Annotated hex vectors: whitespace is ignored and "//" starts a comment running to the end of the line.</summary>
internal static class Hex
{
    public static byte[] Parse(string annotated)
    {
        var digits = new System.Text.StringBuilder();
        foreach (var line in annotated.Split('\n'))
        {
            var comment = line.IndexOf("//", StringComparison.Ordinal);
            foreach (var c in comment >= 0 ? line[..comment] : line)
            {
                if (!char.IsWhiteSpace(c))
                {
                    digits.Append(c);
                }
            }
        }

        return Convert.FromHexString(digits.ToString());
    }

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLower(CultureInfo.InvariantCulture);
}
