namespace ScaleMeet.LoadTest.SyntheticMedia;

/// <summary>
/// The TOC byte at the start of every Opus packet (RFC 6716 §3.1): <c>config (5 bits) | s (stereo) | c (2 bits)</c>.
/// config gives the mode and frame size (0–11 SILK 10/20/40/60 ms, 12–15 hybrid 10/20 ms, 16–31 CELT 2.5/5/10/20 ms);
/// c the frame count (0: one, 1 and 2: two, 3: a count byte follows, its low 6 bits). Pure functions.
/// </summary>
public static class OpusToc
{
    /// <summary>Samples per 48 kHz frame for each config value.</summary>
    private static ReadOnlySpan<short> FrameSamples =>
    [
        480, 960, 1920, 2880, 480, 960, 1920, 2880, 480, 960, 1920, 2880, // SILK NB, MB, WB
        480, 960, 480, 960, // hybrid SWB, FB
        120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960, // CELT NB, WB, SWB, FB
    ];

    /// <summary>The configuration number (0..31) of a TOC byte.</summary>
    public static int Config(byte toc) => toc >> 3;

    /// <summary>Samples (at 48 kHz) in one frame of a packet with this TOC byte.</summary>
    public static int FrameSamplesOf(byte toc) => FrameSamples[toc >> 3];

    /// <summary>
    /// The duration of a packet in 48 kHz samples; false when the packet is empty, a code-3 packet lacks its
    /// count byte or counts zero frames, or the total exceeds 120 ms (RFC 6716 §3.2.5).
    /// </summary>
    public static bool TryGetDuration(ReadOnlySpan<byte> packet, out int samples)
    {
        samples = 0;
        if (packet.IsEmpty)
        {
            return false;
        }

        var toc = packet[0];
        int frames;
        switch (toc & 0x03)
        {
            case 0:
                frames = 1;
                break;
            case 1:
            case 2:
                frames = 2;
                break;
            default:
                if (packet.Length < 2)
                {
                    return false;
                }

                frames = packet[1] & 0x3F;
                break;
        }

        var total = frames * FrameSamplesOf(toc);
        if (frames == 0 || total > 5760)
        {
            return false;
        }

        samples = total;
        return true;
    }
}
