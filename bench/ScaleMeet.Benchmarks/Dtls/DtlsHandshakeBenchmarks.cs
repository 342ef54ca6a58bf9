using BenchmarkDotNet.Attributes;
using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Benchmarks.Dtls;

/// <summary>
/// One complete DTLS-SRTP handshake, client and server wired to each other in memory, each side on its own
/// <see cref="DtlsHandshakePool"/>: ECDHE, ECDSA sign and verify, certificate parse, key export. Nothing waits on a
/// network, so the time is the CPU of both sides plus the hand-offs between the two workers; half of it is one side's
/// cost. Parallel runs that many handshakes at once: with one the pool is idle in between, with 16 it is saturated and
/// the time per operation is the pool's throughput (handshakes/s = 16 ÷ time).
/// </summary>
[MemoryDiagnoser]
public class DtlsHandshakeBenchmarks
{
    private DtlsCertificate _server = null!;
    private DtlsCertificate _client = null!;
    private DtlsHandshakePool _serverPool = null!;
    private DtlsHandshakePool _clientPool = null!;

    [Params(1, 16)]
    public int Parallel { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _server = DtlsCertificate.Generate("bench-server");
        _client = DtlsCertificate.Generate("bench-client");
        // The bridge's default pool for the server side; clients never wait for a worker.
        _serverPool = new DtlsHandshakePool(new DtlsPoolSettings(), TimeProvider.System);
        _clientPool = new DtlsHandshakePool(new DtlsPoolSettings { Workers = 32 }, TimeProvider.System);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _serverPool.Dispose();
        _clientPool.Dispose();
    }

    [Benchmark]
    public Task Handshake() => Parallel == 1 ? OneAsync() : Task.WhenAll(Enumerable.Range(0, Parallel).Select(_ => OneAsync()));

    private async Task OneAsync()
    {
        DtlsEndpoint? client = null;
        using var server = new DtlsEndpoint(DtlsRole.Server, _server, d => client!.Enqueue(d.Span), new DtlsEndpointSettings(), _serverPool);
        using var clientEndpoint = new DtlsEndpoint(DtlsRole.Client, _client, d => server.Enqueue(d.Span), new DtlsEndpointSettings(), _clientPool);
        client = clientEndpoint;
        server.ExpectedRemoteFingerprint = _client.Fingerprint;
        client.ExpectedRemoteFingerprint = _server.Fingerprint;
        Task<DtlsSrtpKeys> serverKeys = server.StartHandshake();
        await client.StartHandshake().ConfigureAwait(false);
        await serverKeys.ConfigureAwait(false);
    }
}
