using ScaleMeet.Bridge.Conferences;

namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// One incoming track of a sender (audio or video) with its encodings: one layer, or the simulcast layers
/// lowest first. Loop thread only.
/// </summary>
internal sealed class Producer
{
    public Producer(Endpoint owner, MediaKind kind, string mid, byte payloadType, byte? rtxPayloadType, byte audioLevelExtensionId)
    {
        Owner = owner;
        Kind = kind;
        Mid = mid;
        PayloadType = payloadType;
        RtxPayloadType = rtxPayloadType;
        AudioLevelExtensionId = audioLevelExtensionId;
    }

    public Endpoint Owner { get; }

    public MediaKind Kind { get; }

    /// <summary>The media section of the sender's publish connection carrying this track; also its track id.</summary>
    public string Mid { get; }

    public byte PayloadType { get; }

    public byte? RtxPayloadType { get; }

    /// <summary>Header extension id of ssrc-audio-level on the publish transport; 0 when not negotiated.</summary>
    public byte AudioLevelExtensionId { get; }

    /// <summary>Encodings, lowest first.</summary>
    public List<ProducerLayer> Layers { get; } = [];

    public List<Consumer> Consumers { get; } = [];

    public bool IsSimulcast => Layers.Count > 1;

    /// <summary>The last sender constraint told to the sender (largest height anyone receives); −1 before any.</summary>
    public int LastSenderMaxHeight { get; set; } = -1;

    public ProducerLayer? FindLayer(string rid)
    {
        foreach (var layer in Layers)
        {
            if (layer.Rid == rid)
            {
                return layer;
            }
        }

        return null;
    }

    /// <summary>The layer whose rid is <paramref name="ridAscii"/> (as the header extension carries it), without allocating.</summary>
    public ProducerLayer? FindLayer(ReadOnlySpan<byte> ridAscii)
    {
        foreach (var layer in Layers)
        {
            if (layer.Rid is { } rid && AsciiEquals(rid, ridAscii))
            {
                return layer;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="ascii"/> spells <paramref name="text"/> (byte for char).</summary>
    public static bool AsciiEquals(string text, ReadOnlySpan<byte> ascii)
    {
        if (text.Length != ascii.Length)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != ascii[i])
            {
                return false;
            }
        }

        return true;
    }
}
