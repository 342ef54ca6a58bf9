using System.Text;
using ScaleMeet.Media.Sdp;

namespace ScaleMeet.Media.Tests.Sdp;

/// <summary>
/// Thousands of seeded random mutations of valid descriptions: nothing throws; a rejection names its
/// line; an accepted mutation writes text that parses back and writes the same again (a fixed point).
/// </summary>
public sealed class SdpMutationTests
{
    private static readonly string[] Sources =
        [SdpSamples.ChromeOffer, SdpSamples.ChromeSimulcastOffer, SdpSamples.FirefoxOffer];

    [Theory]
    [InlineData(8866, 4000)]
    [InlineData(8829, 4000)]
    public void SeededMutations_NeverThrow_RejectWithLineOrRoundTripStably(int seed, int iterations)
    {
        var random = new Random(seed);
        int rejected = 0, accepted = 0;
        for (int i = 0; i < iterations; i++)
        {
            string mutated = Sources[i % Sources.Length];
            int rounds = random.Next(1, 4);
            for (int r = 0; r < rounds; r++) mutated = Mutate(mutated, random);

            if (!SessionDescription.TryParse(mutated, out SessionDescription? d, out string? error))
            {
                Assert.Null(d);
                Assert.Matches(@"^line \d+: \S", error!);
                rejected++;
                continue;
            }
            accepted++;
            ReadEveryView(d!);
            string written = d!.ToString();
            Assert.True(SessionDescription.TryParse(written, out SessionDescription? again, out string? error2),
                $"rewritten text rejected: {error2}\n--- mutated input ---\n{mutated}");
            Assert.Equal(written, again!.ToString());
        }
        // Both outcomes must be well represented, or the mutations test nothing.
        Assert.True(rejected > iterations / 4, $"only {rejected} rejected");
        Assert.True(accepted > iterations / 20, $"only {accepted} accepted");
    }

    private static string Mutate(string text, Random random)
    {
        if (text.Length == 0) return text;
        List<string> lines = [.. text.Split("\r\n")];
        int li = random.Next(lines.Count);
        int pos = random.Next(text.Length);
        switch (random.Next(9))
        {
            case 0: // truncate
                return text[..pos];
            case 1: // one random character (including control and non-ASCII)
                return text[..pos] + (char)random.Next(0, 256) + text[(pos + 1)..];
            case 2: // bit flip
                return text[..pos] + (char)(text[pos] ^ (1 << random.Next(8))) + text[(pos + 1)..];
            case 3: // delete a line
                lines.RemoveAt(li);
                break;
            case 4: // duplicate a line
                lines.Insert(li, lines[li]);
                break;
            case 5: // swap two lines
                int lj = random.Next(lines.Count);
                (lines[li], lines[lj]) = (lines[lj], lines[li]);
                break;
            case 6: // insert printable junk
                return text[..pos] + RandomText(random, random.Next(1, 12)) + text[pos..];
            case 7: // replace a number by another number or by junk
                return ReplaceNumber(text, pos, random);
            default: // delete a span
                return text[..pos] + text[Math.Min(text.Length, pos + random.Next(1, 20))..];
        }
        return string.Join("\r\n", lines);
    }

    private static string ReplaceNumber(string text, int pos, Random random)
    {
        int start = text.IndexOfAny("0123456789".ToCharArray(), pos);
        if (start < 0) return text;
        int end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        string replacement = random.Next(4) switch
        {
            0 => random.NextInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            1 => "-" + random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            2 => "",
            _ => RandomText(random, 3),
        };
        return text[..start] + replacement + text[end..];
    }

    private static string RandomText(Random random, int length)
    {
        const string alphabet = "abcXYZ019 :;/=.,~-_*\t{}";
        var sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) sb.Append(alphabet[random.Next(alphabet.Length)]);
        return sb.ToString();
    }

    /// <summary>Every typed view must cope with whatever the parser accepted.</summary>
    private static void ReadEveryView(SessionDescription d)
    {
        _ = (d.BundleMids, d.Groups, d.IceLite, d.IceUfrag, d.IcePwd, d.IceOptions, d.Fingerprint, d.Setup,
            d.MsidSemantic, d.ExtmapAllowMixed);
        foreach (MediaDescription m in d.Media)
        {
            _ = (m.Mid, m.Direction, m.IceUfrag, m.IcePwd, m.IceOptions, m.Fingerprint, m.Setup, m.RtcpMux,
                m.RtcpRsize, m.Candidates, m.EndOfCandidates, m.ExtMaps, m.ExtmapAllowMixed, m.SsrcAttributes,
                m.SsrcGroups, m.Msid, m.Msids, m.Rids, m.Simulcast, m.PayloadTypes, m.IsRtp);
            foreach (int pt in m.PayloadTypes)
                _ = (m.GetFmtp(pt), m.GetRtcpFeedback(pt), m.GetRtxPayloadType(pt), m.GetRtpMap(pt));
            foreach (uint ssrc in m.Ssrcs)
                _ = (m.GetSsrcCname(ssrc), m.GetSsrcMsid(ssrc));
        }
    }
}
