using ScaleMeet.Bridge.Relay;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Bridge.Transport;

namespace ScaleMeet.Bridge.Conferences;

/// <summary>
/// A participant of the conference on another bridge whose media arrives over <see cref="Relay"/>: its tracks are
/// producers like a local sender's (same layers, caches, allocation, keyframe-gated switches and rewriting for this
/// bridge's receivers); keyframe requests go upstream on the relay to its bridge. The conference owns it:
/// <see cref="Close"/> closes its producers (and their consumers on every receiver here) and leaves the conference; the
/// relay's closing closes it too. Loop thread only.
/// </summary>
internal sealed class RemoteSender(Conference conference, string id, RelayTransport relay) : IMediaSender
{
    public Conference Conference { get; } = conference;

    public string Id { get; } = id;

    public string DisplayName { get; set; } = "";

    /// <summary>The relay its media and feedback cross.</summary>
    public RelayTransport Relay { get; } = relay;

    public IMediaTransport? Upstream => Relay;

    public List<Producer> Producers { get; } = [];

    /// <summary>Its encodings by origin SSRC (RTX included); the relay's <see cref="RelayTransport.IncomingLayers"/> has them too.</summary>
    public Dictionary<uint, ProducerLayer> LayersBySsrc { get; } = [];

    public bool IsClosed { get; private set; }

    public Producer? FindProducer(string mid) => Producers.Find(p => p.Mid == mid);

    /// <summary>Closes its producers and leaves the conference (and the speaker ranking); a second call does nothing.</summary>
    public void Close()
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        for (var i = Producers.Count - 1; i >= 0; i--)
        {
            Producers[i].Close();
        }

        Conference.OnRemoteSenderClosed(this);
    }
}
