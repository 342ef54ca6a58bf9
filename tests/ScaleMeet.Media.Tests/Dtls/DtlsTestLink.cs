using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Media.Tests.Dtls;

internal enum LinkDirection
{
    ClientToServer,
    ServerToClient,
}

/// <summary>
/// Two <see cref="DtlsEndpoint"/>s wired to each other's <see cref="DtlsEndpoint.Enqueue"/> in memory, each on its
/// own pool when given (else <see cref="DtlsHandshakePool.Shared"/>).
/// <see cref="Drop"/> decides per datagram (direction, 1-based index in that direction, bytes) whether it is lost.
/// </summary>
internal sealed class DtlsTestLink : IDisposable
{
    public static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate("test-server");
    public static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate("test-client");
    public static readonly TimeSpan TestWait = TimeSpan.FromSeconds(20);

    private int _clientToServer;
    private int _serverToClient;

    public DtlsTestLink(TimeSpan? handshakeTimeout = null, DtlsHandshakePool? serverPool = null, DtlsHandshakePool? clientPool = null,
        DtlsEndpointSettings? serverSettings = null)
    {
        TimeSpan timeout = handshakeTimeout ?? TimeSpan.FromSeconds(15);
        Server = new DtlsEndpoint(DtlsRole.Server, ServerCertificate, d => Deliver(LinkDirection.ServerToClient, d),
            serverSettings ?? new DtlsEndpointSettings { HandshakeTimeout = timeout }, serverPool ?? DtlsHandshakePool.Shared);
        Client = new DtlsEndpoint(DtlsRole.Client, ClientCertificate, d => Deliver(LinkDirection.ClientToServer, d),
            new DtlsEndpointSettings { HandshakeTimeout = timeout }, clientPool ?? DtlsHandshakePool.Shared);
        Server.ExpectedRemoteFingerprint = ClientCertificate.Fingerprint;
        Client.ExpectedRemoteFingerprint = ServerCertificate.Fingerprint;
    }

    public DtlsEndpoint Server { get; }

    public DtlsEndpoint Client { get; }

    public Func<LinkDirection, int, ReadOnlyMemory<byte>, bool>? Drop { get; set; }

    /// <summary>Where a <see cref="Drop"/> rule may keep a datagram it saw (e.g. the first ClientHello, to replay it).</summary>
    public byte[]? FirstClientDatagram { get; set; }

    /// <summary>Called before each delivered datagram (e.g. to inject garbage); runs on the sender's pool worker.</summary>
    public Action<DtlsEndpoint>? BeforeDeliver { get; set; }

    public int Delivered => Volatile.Read(ref _clientToServer) + Volatile.Read(ref _serverToClient);

    /// <summary>Datagrams sent in <paramref name="direction"/>, dropped ones included.</summary>
    public int Sent(LinkDirection direction) =>
        direction == LinkDirection.ClientToServer ? Volatile.Read(ref _clientToServer) : Volatile.Read(ref _serverToClient);

    public async Task<(DtlsSrtpKeys Server, DtlsSrtpKeys Client)> HandshakeAsync()
    {
        Task<DtlsSrtpKeys> server = Server.StartHandshake();
        Task<DtlsSrtpKeys> client = Client.StartHandshake();
        return (await server.WaitAsync(TestWait), await client.WaitAsync(TestWait));
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }

    private void Deliver(LinkDirection direction, ReadOnlyMemory<byte> datagram)
    {
        int index = direction == LinkDirection.ClientToServer
            ? Interlocked.Increment(ref _clientToServer)
            : Interlocked.Increment(ref _serverToClient);
        if (Drop?.Invoke(direction, index, datagram) == true)
        {
            return;
        }

        DtlsEndpoint target = direction == LinkDirection.ClientToServer ? Server : Client;
        BeforeDeliver?.Invoke(target);
        target.Enqueue(datagram.Span);
    }
}
