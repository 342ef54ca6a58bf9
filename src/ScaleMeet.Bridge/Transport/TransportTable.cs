using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace ScaleMeet.Bridge.Transport;

/// <summary>
/// The WebRTC transports of one media loop, found by local ICE ufrag (STUN) and by remote address (DTLS, SRTP;
/// RFC 7983 demultiplexing). A transport is added when it is made and leaves — unmapped and disposed — when
/// <see cref="Close"/> is called by the endpoint that owns it. Loop thread only.
/// </summary>
internal sealed class TransportTable
{
    private readonly Dictionary<string, WebRtcTransport> _byUfrag = new(StringComparer.Ordinal);
    private readonly Dictionary<SocketAddress, WebRtcTransport> _byAddress = [];

    /// <summary>Open transports.</summary>
    public int Count => _byUfrag.Count;

    /// <summary>Remote addresses mapped to a transport.</summary>
    public int AddressCount => _byAddress.Count;

    public void Add(WebRtcTransport transport) => _byUfrag.Add(transport.Ice.LocalUfrag, transport);

    public bool TryGetByUfrag(string ufrag, [MaybeNullWhen(false)] out WebRtcTransport transport) => _byUfrag.TryGetValue(ufrag, out transport);

    public bool TryGetByAddress(SocketAddress address, [MaybeNullWhen(false)] out WebRtcTransport transport) =>
        _byAddress.TryGetValue(address, out transport);

    /// <summary>
    /// Maps <paramref name="from"/> to <paramref name="transport"/>, which remembers a bounded number of addresses;
    /// returns true when that bound made it forget one (then unmapped here).
    /// </summary>
    public bool Remember(WebRtcTransport transport, SocketAddress from)
    {
        if (transport.AddKnownAddress(from, out var evicted))
        {
            _byAddress[transport.KnownAddresses[^1]] = transport;
        }

        if (evicted is null)
        {
            return false;
        }

        Unmap(transport, evicted);
        return true;
    }

    /// <summary>Unmaps and disposes <paramref name="transport"/>; nothing for null or a transport already closed.</summary>
    public void Close(WebRtcTransport? transport)
    {
        if (transport is null || transport.IsClosed)
        {
            return;
        }

        if (_byUfrag.TryGetValue(transport.Ice.LocalUfrag, out var mapped) && mapped == transport)
        {
            _byUfrag.Remove(transport.Ice.LocalUfrag);
        }

        foreach (var address in transport.KnownAddresses)
        {
            Unmap(transport, address);
        }

        transport.Dispose();
    }

    private void Unmap(WebRtcTransport transport, SocketAddress address)
    {
        if (_byAddress.TryGetValue(address, out var mapped) && mapped == transport)
        {
            _byAddress.Remove(address);
        }
    }
}
