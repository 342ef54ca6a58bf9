namespace ScaleMeet.LoadTest.SyntheticMedia;

/// <summary>
/// Extracts the audio packets of an Ogg Opus file (RFC 7845): follows the first logical stream, joins packets
/// that span pages, and drops the two header packets (OpusHead, OpusTags). Loading-time code: it allocates one
/// array per packet. Never throws on bad input.
/// </summary>
public static class OggOpusReader
{
    /// <summary>
    /// Reads every audio packet of <paramref name="file"/>. False, with a reason, when the file has no valid first
    /// page, the first packet is not an OpusHead, or no audio packet follows the headers. Pages that fail their CRC
    /// or belong to other streams are skipped, and so is a packet left incomplete by a missing page.
    /// </summary>
    public static bool TryReadPackets(ReadOnlySpan<byte> file, out List<byte[]> packets, out string? error)
    {
        packets = [];
        var partial = new List<byte>();
        var partialValid = false;
        uint? serial = null;
        var headerPackets = 0;
        var offset = 0;
        while (offset < file.Length)
        {
            if (!OggPage.TryParse(file[offset..], out var page))
            {
                // Resynchronise on the next capture pattern.
                var next = file[(offset + 1)..].IndexOf("OggS"u8);
                if (next < 0)
                {
                    break;
                }

                offset += 1 + next;
                partialValid = false;
                continue;
            }

            var bytes = file.Slice(offset, page.Length);
            offset += page.Length;
            serial ??= page.IsFirst ? page.Serial : null;
            if (serial != page.Serial)
            {
                continue;
            }

            if (!page.IsContinued)
            {
                partialValid = false;
                partial.Clear();
            }

            var lacing = bytes.Slice(OggPage.LacingOffset, page.SegmentCount);
            var body = bytes[page.BodyOffset..];
            var position = 0;
            // A continued page's first segments belong to the open packet; without one, they are dropped.
            var keep = page.IsContinued ? partialValid : true;
            foreach (var value in lacing)
            {
                if (keep)
                {
                    foreach (var b in body.Slice(position, value))
                    {
                        partial.Add(b);
                    }
                }

                position += value;
                if (value == 255)
                {
                    continue;
                }

                if (keep && !AddPacket(partial, packets, ref headerPackets, out error))
                {
                    return false;
                }

                partial.Clear();
                keep = true;
            }

            partialValid = keep && lacing.Length > 0 && lacing[^1] == 255;
            if (!partialValid)
            {
                partial.Clear();
            }
        }

        if (serial is null || headerPackets == 0)
        {
            error = "no Ogg page starting a stream with an OpusHead packet";
            return false;
        }

        if (packets.Count == 0)
        {
            error = "no audio packets after the Opus headers";
            return false;
        }

        error = null;
        return true;
    }

    private static bool AddPacket(List<byte> packet, List<byte[]> packets, ref int headerPackets, out string? error)
    {
        error = null;
        if (headerPackets == 0)
        {
            if (packet.Count < 19 || !StartsWith(packet, "OpusHead"u8))
            {
                error = "the first packet is not an OpusHead";
                return false;
            }

            headerPackets = 1;
            return true;
        }

        if (headerPackets == 1)
        {
            // RFC 7845 §5.2: the comment header; tolerated when missing.
            headerPackets = 2;
            if (StartsWith(packet, "OpusTags"u8))
            {
                return true;
            }
        }

        if (packet.Count > 0)
        {
            packets.Add([.. packet]);
        }

        return true;
    }

    private static bool StartsWith(List<byte> packet, ReadOnlySpan<byte> magic)
    {
        if (packet.Count < magic.Length)
        {
            return false;
        }

        for (var i = 0; i < magic.Length; i++)
        {
            if (packet[i] != magic[i])
            {
                return false;
            }
        }

        return true;
    }
}
