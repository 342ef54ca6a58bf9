namespace ScaleMeet.LoadTest.SyntheticMedia;

/// <summary>
/// The one-byte RTP header extension ids (1..14; 0 = do not write) a publisher writes: sdes:mid and
/// sdes:rtp-stream-id on video, ssrc-audio-level on audio, transport-wide-cc on both (its id may differ per section).
/// </summary>
public readonly record struct PublisherExtensionIds(byte Mid, byte Rid, byte AudioLevel, byte VideoTransportCc, byte AudioTransportCc)
{
    /// <summary>Throws unless every id is 0..14 (15 is reserved in the one-byte form).</summary>
    public void Validate()
    {
        foreach (var (name, id) in new[] { (nameof(Mid), Mid), (nameof(Rid), Rid), (nameof(AudioLevel), AudioLevel),
                     (nameof(VideoTransportCc), VideoTransportCc), (nameof(AudioTransportCc), AudioTransportCc) })
        {
            if (id > 14)
            {
                throw new ArgumentOutOfRangeException(name, id, "one-byte header extension ids are 1..14 (0: not written)");
            }
        }
    }
}
