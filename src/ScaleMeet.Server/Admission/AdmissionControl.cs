using System.Net;

namespace ScaleMeet.Server.Admission;

/// <summary>
/// The caps on signaling connections and joined participants, global and per client address
/// (<see cref="AdmissionOptions"/>). A connection is admitted with <see cref="TryOpen"/> before its WebSocket does any
/// work and holds a <see cref="ConnectionLease"/> until it ends; the lease takes and gives back the connection's
/// participant place. A cap is never exceeded, not even by a moment: the check and the count happen together.
/// Threading: any thread; one lock guards the counts (a handful of integer operations per connection or join, never
/// per message). Memory: one entry per address that holds a connection, so at most <see cref="AdmissionOptions.MaxConnections"/>.
/// </summary>
internal sealed class AdmissionControl
{
    private readonly AdmissionOptions _options;
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, AddressCounts> _addresses = new();
    private int _connections;
    private int _participants;

    public AdmissionControl(AdmissionOptions options) => _options = options;

    public AdmissionOptions Options => _options;

    /// <summary>Signaling connections admitted and still open.</summary>
    public int Connections
    {
        get
        {
            lock (_lock)
            {
                return _connections;
            }
        }
    }

    /// <summary>Participant places taken now.</summary>
    public int Participants
    {
        get
        {
            lock (_lock)
            {
                return _participants;
            }
        }
    }

    /// <summary>Distinct client addresses (IPv6: prefixes) holding a connection now.</summary>
    public int Addresses
    {
        get
        {
            lock (_lock)
            {
                return _addresses.Count;
            }
        }
    }

    /// <summary>Admits a connection from <paramref name="remote"/>, or returns null with <paramref name="refusal"/>.</summary>
    public ConnectionLease? TryOpen(IPAddress remote, out ConnectionRefusal? refusal)
    {
        var key = ClientAddress.Key(remote, _options.IPv6PrefixLength);
        AddressCounts? counts;
        lock (_lock)
        {
            if (_connections >= _options.MaxConnections)
            {
                refusal = new ConnectionRefusal(RefusalReasons.ConnectionLimit,
                    $"the server holds its maximum of {_options.MaxConnections} connections; try again later");
                return null;
            }

            if (_addresses.TryGetValue(key, out counts) && counts.Connections >= _options.MaxConnectionsPerAddress)
            {
                refusal = new ConnectionRefusal(RefusalReasons.AddressConnectionLimit,
                    $"your address holds its maximum of {_options.MaxConnectionsPerAddress} connections; close one or try again later");
                return null;
            }

            if (counts is null)
            {
                counts = new AddressCounts();
                _addresses.Add(key, counts);
            }

            counts.Connections++;
            _connections++;
        }

        refusal = null;
        return new ConnectionLease(this, key, counts);
    }

    /// <summary>Takes a participant place for a connection of <paramref name="counts"/>; null when taken.</summary>
    internal Focus.JoinAdmissionRefusal? TryTakeParticipant(AddressCounts counts)
    {
        lock (_lock)
        {
            if (_participants >= _options.MaxParticipants)
            {
                return new Focus.JoinAdmissionRefusal(false, $"the server holds its maximum of {_options.MaxParticipants} participants; try again later");
            }

            if (counts.Participants >= _options.MaxParticipantsPerAddress)
            {
                return new Focus.JoinAdmissionRefusal(true,
                    $"your network address holds its maximum of {_options.MaxParticipantsPerAddress} participants; try again later");
            }

            counts.Participants++;
            _participants++;
            return null;
        }
    }

    internal void ReturnParticipant(AddressCounts counts)
    {
        lock (_lock)
        {
            counts.Participants--;
            _participants--;
        }
    }

    internal void Close(IPAddress key, AddressCounts counts)
    {
        lock (_lock)
        {
            counts.Connections--;
            _connections--;
            if (counts.Connections == 0)
            {
                _addresses.Remove(key);
            }
        }
    }
}
