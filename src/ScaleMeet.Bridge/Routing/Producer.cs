using ScaleMeet.Bridge.Conferences;

namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// One incoming track of a sender (audio or video) with its encodings: one layer, or the simulcast layers
/// lowest first. It owns its consumers: <see cref="Close"/> closes them. Its sender is an <see cref="IMediaSender"/>,
/// a participant here or (with relays) on another bridge. Loop thread only.
/// </summary>
internal sealed class Producer
{
    public Producer(IMediaSender owner, MediaKind kind, string mid, byte payloadType, byte? rtxPayloadType, byte audioLevelExtensionId)
    {
        Owner = owner;
        Kind = kind;
        Mid = mid;
        PayloadType = payloadType;
        RtxPayloadType = rtxPayloadType;
        AudioLevelExtensionId = audioLevelExtensionId;
    }

    public IMediaSender Owner { get; }

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

    public bool IsClosed { get; private set; }

    /// <summary>
    /// Closes every consumer of this track, forgets the layers' SSRCs (their SRTP state upstream goes too, not
    /// retired: a renegotiation may bring the same SSRC back), returns the layers' packet caches and leaves the sender.
    /// A second call does nothing.
    /// </summary>
    public void Close()
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        for (var i = Consumers.Count - 1; i >= 0; i--)
        {
            Consumers[i].Close();
        }

        var upstream = Owner.Upstream;
        var caches = Owner.Conference.Resources.Caches;
        foreach (var layer in Layers)
        {
            if (layer.Ssrc != 0)
            {
                Owner.LayersBySsrc.Remove(layer.Ssrc);
                upstream?.ForgetIncoming(layer.Ssrc, retire: false);
            }

            if (layer.RtxSsrc is { } rtx)
            {
                Owner.LayersBySsrc.Remove(rtx);
                upstream?.ForgetIncoming(rtx, retire: false);
            }

            caches.Return(layer.Cache);
            layer.Cache = null;
        }

        Owner.Producers.Remove(this);
        Owner.Conference.AllocationNeeded = true;
    }

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
