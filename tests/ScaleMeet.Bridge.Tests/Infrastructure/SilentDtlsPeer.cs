using ScaleMeet.LoadTest.Peers;
using ScaleMeet.Media.Dtls;

namespace ScaleMeet.Bridge.Tests.Infrastructure;

/// <summary>
/// Options for a synthetic transport that passes ICE, sends one genuine ClientHello and then nothing until
/// <paramref name="release"/> is cancelled (its connect then fails): the peer that holds a bridge's DTLS worker.
/// </summary>
internal static class SilentDtlsPeer
{
    public static async Task<SyntheticTransportOptions> OptionsAsync(CancellationToken release, System.Net.IPAddress? bindAddress = null)
    {
        byte[] clientHello = await ClientHelloAsync();
        return new SyntheticTransportOptions
        {
            BindAddress = bindAddress ?? System.Net.IPAddress.Loopback,
            ConnectTimeout = TimeSpan.FromMinutes(2),
            ConsentInterval = TimeSpan.FromMilliseconds(500),
            BeforeHandshake = async (transport, cancel) =>
            {
                transport.SendRaw(clientHello);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(cancel, release);
                await Task.Delay(Timeout.Infinite, either.Token);
            },
        };
    }

    /// <summary>The first datagram of a real BouncyCastle client: a ClientHello offering DTLS-SRTP.</summary>
    private static async Task<byte[]> ClientHelloAsync()
    {
        var first = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = new DtlsEndpoint(DtlsRole.Client, DtlsCertificate.Generate("silent peer"), d => first.TrySetResult(d.ToArray()),
            TimeSpan.FromSeconds(10));
        _ = client.StartHandshake().ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return await first.Task.WaitAsync(BridgeHarness.Wait);
    }
}
