namespace ScaleMeet.Media.Srtp;

/// <summary>
/// SRTP packet index estimation (RFC 3711 §3.3.1 and Appendix A): i = 2^16 * v + SEQ, where v is ROC − 1, ROC or
/// ROC + 1, whichever puts SEQ closest to the highest sequence number s_l seen so far:
/// <code>
///   if s_l &lt; 2^15:  v = (SEQ − s_l &gt; 2^15) ? ROC − 1 : ROC
///   else:           v = (s_l − 2^15 &gt; SEQ) ? ROC + 1 : ROC
/// </code>
/// </summary>
internal static class SrtpIndex
{
    /// <summary>Largest 48-bit index (ROC 2^32 − 1, SEQ 65535).</summary>
    public const ulong Max = (1UL << 48) - 1;

    /// <summary>
    /// Estimates the index of <paramref name="seq"/> from the highest index so far. False when the guess falls before
    /// index 0 (ROC − 1 while ROC is 0) or past the 48-bit range.
    /// </summary>
    public static bool TryEstimate(ulong highest, ushort seq, out ulong index)
    {
        long roc = (long)(highest >> 16);
        int sl = (ushort)highest;
        long v = roc;
        if (sl < 32768)
        {
            if (seq - sl > 32768)
            {
                v = roc - 1;
            }
        }
        else if (sl - 32768 > seq)
        {
            v = roc + 1;
        }

        if (v < 0 || v > uint.MaxValue)
        {
            index = 0;
            return false;
        }
        index = ((ulong)v << 16) | seq;
        return true;
    }
}
