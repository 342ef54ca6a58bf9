using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Bridge.Transport;

namespace ScaleMeet.Bridge.Tests.Infrastructure;

/// <summary>A receiver that is not an <see cref="Endpoint"/> (as a relay toward another bridge will be): it records the consumers that closed.</summary>
internal sealed class RemoteReceiver(Conference conference, string id, IMediaTransport downstream) : IMediaReceiver
{
    public string Id { get; } = id;

    public Conference Conference { get; } = conference;

    public IMediaTransport? Downstream { get; } = downstream;

    public TimeSpan? RoundTrip { get; set; }

    public List<Consumer> Closed { get; } = [];

    public void OnConsumerClosed(Consumer consumer) => Closed.Add(consumer);
}
