using System.Globalization;

namespace ScaleMeet.LoadTest.SyntheticMedia;

/// <summary>
/// An Opus clip held in memory, to be sent in a loop: its packets (all of one duration) and, for each, the audio
/// level to signal (RFC 6464: 0..127, −dBov, 127 = silence). Immutable, so safe to share between threads.
/// </summary>
public sealed class AudioClip
{
    /// <summary>Level used for packets without a measured one: a talker at a normal level.</summary>
    public const byte DefaultVoiceLevel = 30;

    private readonly byte[][] _packets;
    private readonly byte[] _levels;

    private AudioClip(byte[][] packets, byte[] levels, int samplesPerPacket)
    {
        _packets = packets;
        _levels = levels;
        SamplesPerPacket = samplesPerPacket;
        TotalBytes = packets.Sum(p => (long)p.Length);
    }

    /// <summary>Samples per packet at 48 kHz (960 for 20 ms): the RTP timestamp step.</summary>
    public int SamplesPerPacket { get; }

    /// <summary>Number of packets.</summary>
    public int PacketCount => _packets.Length;

    /// <summary>Bytes of all packets together.</summary>
    public long TotalBytes { get; }

    /// <summary>Duration of one packet.</summary>
    public TimeSpan PacketDuration => TimeSpan.FromSeconds(SamplesPerPacket / 48000.0);

    /// <summary>Length of one pass through the clip.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(PacketCount * (SamplesPerPacket / 48000.0));

    /// <summary>The bytes of packet <paramref name="index"/> (0..PacketCount-1).</summary>
    public ReadOnlySpan<byte> GetPacket(int index) => _packets[index];

    /// <summary>The RFC 6464 level of packet <paramref name="index"/>.</summary>
    public byte GetLevel(int index) => _levels[index];

    /// <summary>
    /// Loads a clip from an Ogg Opus file and, optionally, the text of a levels file (one integer 0..127 per line,
    /// one line per packet; missing or unreadable lines get <see cref="DefaultVoiceLevel"/>). False, with a reason,
    /// when the file does not read or its packets differ in duration.
    /// </summary>
    public static bool TryLoad(ReadOnlySpan<byte> oggOpus, string? levels, out AudioClip? clip, out string? error)
    {
        clip = null;
        if (!OggOpusReader.TryReadPackets(oggOpus, out var packets, out error))
        {
            return false;
        }

        var samples = 0;
        for (var i = 0; i < packets.Count; i++)
        {
            if (!OpusToc.TryGetDuration(packets[i], out var duration))
            {
                error = $"Opus packet {i} has an invalid TOC";
                return false;
            }

            if (i > 0 && duration != samples)
            {
                error = $"Opus packet {i} lasts {duration} samples, the first {samples}; the clip needs one packet duration";
                return false;
            }

            samples = duration;
        }

        var levelBytes = new byte[packets.Count];
        levelBytes.AsSpan().Fill(DefaultVoiceLevel);
        if (levels is not null)
        {
            var lines = levels.Split('\n', StringSplitOptions.TrimEntries);
            for (var i = 0; i < Math.Min(lines.Length, levelBytes.Length); i++)
            {
                if (byte.TryParse(lines[i], NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level <= 127)
                {
                    levelBytes[i] = level;
                }
            }
        }

        clip = new AudioClip([.. packets], levelBytes, samples);
        error = null;
        return true;
    }
}
