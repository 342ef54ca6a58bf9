using System.Net;
using System.Security.Cryptography;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Bridge.Tests.Infrastructure;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Media.Ice;

namespace ScaleMeet.Bridge.Tests.Relay;

/// <summary>Two real bridges joined by a relay as the focus joins them: options, the mirrored requests, reads on the loop.</summary>
internal static class RelayBridges
{
    public const uint RelayId = 0x0ABCDEF;

    /// <summary>Relays on, on a free port, checked often; consent 3 s so a loop stalled by a busy machine keeps it.</summary>
    public static void Enable(BridgeOptions options)
    {
        options.Relay.Enabled = true;
        options.Relay.Port = 0;
        options.Relay.CheckInterval = TimeSpan.FromMilliseconds(200);
        options.Relay.ConsentTimeout = TimeSpan.FromSeconds(3);
    }

    /// <summary>A participant on each bridge (so the conference exists on both), then the relay between them, connected.</summary>
    public static async Task<(CreateRelayRequest ForA, CreateRelayRequest ForB)> ConnectAsync(BridgeHarness a, BridgeHarness b,
        string onA = "ada", string onB = "grace")
    {
        await a.JoinAsync(onA);
        await b.JoinAsync(onB);
        return await CreateAsync(a, b);
    }

    /// <summary>The relay between two bridges whose conference exists on both, connected.</summary>
    public static async Task<(CreateRelayRequest ForA, CreateRelayRequest ForB)> CreateAsync(BridgeHarness a, BridgeHarness b)
    {
        var (forA, forB) = Mirrored(a.Bridge.RelayAddress!, b.Bridge.RelayAddress!);
        Assert.IsType<OkReply>(await a.SendAsync(forA));
        Assert.IsType<OkReply>(await b.SendAsync(forB));
        await Eventually.WaitAsync(() => IsConnected(a) && IsConnected(b), "both ends of the relay have consent");
        return (forA, forB);
    }

    public static bool IsConnected(BridgeHarness harness) =>
        OnLoop(harness, r => r.Relays.TryGet(RelayId, out var relay) && relay.IsConnected).GetAwaiter().GetResult();

    public static Task<T> OnLoop<T>(BridgeHarness harness, Func<MediaRouter, T> read) =>
        harness.Bridge.Loop!.InvokeAsync(() => read(harness.Bridge.Router!)).WaitAsync(BridgeHarness.Wait);

    /// <summary>The two requests the focus sends, one per bridge: the same id, each one's credentials and keys mirrored.</summary>
    public static (CreateRelayRequest ForA, CreateRelayRequest ForB) Mirrored(IPEndPoint a, IPEndPoint b)
    {
        var credentialsA = new RelayIceCredentials(IceLiteSession.NewUfrag(), IceLiteSession.NewPassword());
        var credentialsB = new RelayIceCredentials(IceLiteSession.NewUfrag(), IceLiteSession.NewPassword());
        var ab = new RelaySrtpKey(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)));
        var ba = new RelaySrtpKey(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)));
        return (
            new CreateRelayRequest(BridgeHarness.Conference, "relay:b", RelayId, "b", b.ToString(), credentialsA, credentialsB, ab, ba),
            new CreateRelayRequest(BridgeHarness.Conference, "relay:a", RelayId, "a", a.ToString(), credentialsB, credentialsA, ba, ab));
    }
}
