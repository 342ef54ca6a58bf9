using ScaleMeet.Bridge.Relay;

namespace ScaleMeet.Bridge.Conferences;

/// <summary>
/// A room's media state on this bridge: its endpoints and who speaks. The root of the conference's ownership tree —
/// conference → endpoint → transports, producers and consumers, conference → remote senders → producers, and conference → relays — where every <c>Close</c> is idempotent and closes
/// what is below it. Owned by one media loop (the one whose <see cref="Resources"/> it holds); loop thread only.
/// </summary>
internal sealed class Conference(string id, TimeProvider? time = null, long generation = 0, ConferenceResources? resources = null)
{
    /// <summary>The focus's conference id (the room).</summary>
    public string Id { get; } = id;

    /// <summary>Which life of the room (see <see cref="ConferenceKey"/>).</summary>
    public long Generation { get; } = generation;

    public ConferenceKey Key => new(Id, Generation);

    /// <summary>The loop's packet caches and transport table, which this conference's children return to.</summary>
    public ConferenceResources Resources { get; } = resources ?? ConferenceResources.Standalone();

    public Dictionary<string, Endpoint> Endpoints { get; } = new(StringComparer.Ordinal);

    /// <summary>Relays to the same conference on other bridges, by name (<c>relay:</c> + peer bridge id).</summary>
    public Dictionary<string, RelayTransport> Relays { get; } = new(StringComparer.Ordinal);

    /// <summary>Participants on other bridges whose media arrives over one of <see cref="Relays"/>, by endpoint id.</summary>
    public Dictionary<string, RemoteSender> RemoteSenders { get; } = new(StringComparer.Ordinal);

    /// <summary>The dominant speaker; its timestamps come from <paramref name="time"/> (the system clock when none is given).</summary>
    public SpeakerDetector Speakers { get; } = new(time ?? TimeProvider.System);

    /// <summary>Set when sources, constraints or speakers changed: layer allocation runs again soon.</summary>
    public bool AllocationNeeded { get; set; }

    public bool IsClosed { get; private set; }

    /// <summary>Closes every endpoint (and so everything they own); a second call does nothing.</summary>
    public void Close()
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        foreach (var endpoint in Endpoints.Values.ToArray())
        {
            endpoint.Close();
        }

        foreach (var sender in RemoteSenders.Values.ToArray())
        {
            sender.Close();
        }

        foreach (var relay in Relays.Values)
        {
            Resources.Relays.Close(relay);
        }

        Relays.Clear();
    }

    /// <summary>Closes and forgets the relay <paramref name="endpointId"/> and the remote senders it carried; false when there is none.</summary>
    public bool CloseRelay(string endpointId)
    {
        if (!Relays.Remove(endpointId, out var relay))
        {
            return false;
        }

        foreach (var sender in RemoteSenders.Values.ToArray())
        {
            if (sender.Relay == relay)
            {
                sender.Close();
            }
        }

        Resources.Relays.Close(relay);
        return true;
    }

    /// <summary>Every sender whose tracks this bridge's receivers may get: the local endpoints, then the remote senders.</summary>
    public IEnumerable<Routing.IMediaSender> Senders => Endpoints.Values.Cast<Routing.IMediaSender>().Concat(RemoteSenders.Values);

    /// <summary>A remote sender closed (<see cref="RemoteSender.Close"/>): it leaves the room and the speaker ranking.</summary>
    public void OnRemoteSenderClosed(RemoteSender sender)
    {
        Speakers.Remove(sender);
        if (RemoteSenders.TryGetValue(sender.Id, out var listed) && listed == sender)
        {
            RemoteSenders.Remove(sender.Id);
        }
    }

    /// <summary>An endpoint closed (<see cref="Endpoint.Close"/>): it leaves the room and the speaker ranking.</summary>
    public void OnEndpointClosed(Endpoint endpoint)
    {
        Speakers.Remove(endpoint);
        if (Endpoints.TryGetValue(endpoint.Id, out var listed) && listed == endpoint)
        {
            Endpoints.Remove(endpoint.Id);
        }
    }
}
