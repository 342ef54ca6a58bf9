namespace ScaleMeet.Media.Tests.Srtp;

internal static class SrtpHex
{
    /// <summary>Hex with any whitespace in between, as the RFCs print it.</summary>
    public static byte[] Bytes(string hex) =>
        Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));
}
