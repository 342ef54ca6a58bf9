using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Bridge.Transport;

namespace ScaleMeet.Bridge.Tests.Infrastructure;

/// <summary>A sender that is not an <see cref="Endpoint"/> (the shape of a participant behind a relay), upstream a recording transport.</summary>
internal sealed class SeamSender(Conference conference, string id, IMediaTransport upstream) : IMediaSender
{
    public string Id { get; } = id;

    public Conference Conference { get; } = conference;

    public IMediaTransport? Upstream { get; } = upstream;

    public List<Producer> Producers { get; } = [];

    public Dictionary<uint, ProducerLayer> LayersBySsrc { get; } = [];
}
