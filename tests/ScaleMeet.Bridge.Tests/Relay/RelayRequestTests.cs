using System.Net;
using ScaleMeet.Bridge.Relay;
using ScaleMeet.Bridge.Tests.Infrastructure;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Bridge.Tests.Relay;

/// <summary>
/// Two real bridges on loopback, relays set up through their control requests as the focus will: they connect,
/// close with their conference, report a peer that stops answering, and refuse requests they cannot carry out.
/// </summary>
public sealed class RelayRequestTests
{
    private const uint RelayId = RelayBridges.RelayId;

    private static void Relays(BridgeOptions options) => RelayBridges.Enable(options);

    [Fact]
    public async Task CreateRelay_OnBothBridges_ConnectsAndExpiresWithTheConference()
    {
        await using var a = new BridgeHarness(Relays);
        await using var b = new BridgeHarness(Relays);
        var (_, forB) = await ConnectAsync(a, b);
        var listed = Assert.Single(await a.Bridge.GetRelaysAsync());
        Assert.Equal((BridgeHarness.Conference, "relay:b", RelayId, b.Bridge.RelayAddress!.ToString(), true),
            (listed.ConferenceId, listed.EndpointId, listed.RelayId, listed.Peer, listed.Connected));
        Assert.True(listed.PacketsSent > 0 && listed.BytesSent > listed.PacketsSent && listed.PacketsReceived > 0 && listed.RttMs > 0, listed.ToString());

        Assert.IsType<OkReply>(await a.SendAsync(new ExpireEndpointRequest(BridgeHarness.Conference, "ada"))); // its last participant
        Assert.Equal(0, await OnLoop(a, r => r.Relays.Count));
        Assert.Empty(await a.Bridge.GetRelaysAsync());
        Assert.Equal(1, await OnLoop(b, r => r.Relays.Count)); // the other end stays until the focus expires it (or consent lapses)
        Assert.IsType<OkReply>(await b.SendAsync(new ExpireRelayRequest(BridgeHarness.Conference, forB.EndpointId)));
        Assert.Equal(0, await OnLoop(b, r => r.Relays.Count));
        Assert.IsType<BridgeErrorReply>(await b.SendAsync(new ExpireRelayRequest(BridgeHarness.Conference, forB.EndpointId)));
    }

    [Fact]
    public async Task Relay_PeerBridgeGone_ReportedOnceAsRelayFailed()
    {
        await using var a = new BridgeHarness(Relays);
        var b = new BridgeHarness(Relays);
        var (forA, _) = await ConnectAsync(a, b);

        await b.DisposeAsync(); // its relay port closes: A's checks go unanswered
        await Eventually.WaitAsync(() => a.Events.Events.OfType<RelayFailedEvent>().Any(), "A reports the relay failed", TimeSpan.FromSeconds(30));

        var failed = Assert.Single(a.Events.Events.OfType<RelayFailedEvent>());
        Assert.Equal((BridgeHarness.Conference, forA.EndpointId), (failed.ConferenceId, failed.EndpointId));
        Assert.Contains("consent", failed.Reason);
        Assert.False(IsConnected(a));
        Assert.Equal(1, await OnLoop(a, r => r.Relays.Counters.ConsentExpired));
    }

    [Fact]
    public async Task CreateRelay_WithoutRelayPort_RefusedAsBadRelay()
    {
        await using var a = new BridgeHarness();
        await a.JoinAsync("ada");
        var (forA, _) = Mirrored(new IPEndPoint(IPAddress.Loopback, 1), new IPEndPoint(IPAddress.Loopback, 2));

        var error = Assert.IsType<BridgeErrorReply>(await a.SendAsync(forA));
        Assert.Equal(BridgeErrorCodes.BadRelay, error.Code);
        Assert.Null(a.Bridge.RelayAddress);
    }

    [Fact]
    public async Task CreateRelay_UnknownConferenceDuplicateOrBadParameters_RefusedWithReason()
    {
        await using var a = new BridgeHarness(Relays);
        await a.JoinAsync("ada");
        var (forA, _) = Mirrored(a.Bridge.RelayAddress!, new IPEndPoint(IPAddress.Loopback, 9));

        Assert.Equal(BridgeErrorCodes.UnknownEndpoint, Code(await a.SendAsync(forA with { ConferenceId = "elsewhere" })));
        Assert.Equal(BridgeErrorCodes.BadRelay, Code(await a.SendAsync(forA with { PeerAddress = "not-an-address" })));
        Assert.Equal(BridgeErrorCodes.BadRelay, Code(await a.SendAsync(forA with { RelayId = RelayHeader.MaxId + 1 })));
        Assert.Equal(BridgeErrorCodes.BadRelay, Code(await a.SendAsync(forA with { Send = forA.Send with { Key = Convert.ToBase64String(new byte[15]) } })));
        Assert.Equal(BridgeErrorCodes.BadRelay, Code(await a.SendAsync(forA with { Local = forA.Local with { Pwd = "short" } })));
        Assert.Equal(BridgeErrorCodes.BadRelay, Code(await a.SendAsync(forA with { EndpointId = "ada" })));
        Assert.Equal(0, await OnLoop(a, r => r.Relays.Count)); // nothing refused was kept

        Assert.IsType<OkReply>(await a.SendAsync(forA));
        Assert.Equal(BridgeErrorCodes.AlreadyExists, Code(await a.SendAsync(forA)));
        Assert.Equal(BridgeErrorCodes.AlreadyExists, Code(await a.SendAsync(forA with { EndpointId = "relay:other" }))); // the id is in use
        Assert.Equal(1, await OnLoop(a, r => r.Relays.Count));
    }

    private static string Code(BridgeReply reply) => Assert.IsType<BridgeErrorReply>(reply).Code;

    private static bool IsConnected(BridgeHarness harness) => RelayBridges.IsConnected(harness);

    private static Task<T> OnLoop<T>(BridgeHarness harness, Func<ScaleMeet.Bridge.Routing.MediaRouter, T> read) => RelayBridges.OnLoop(harness, read);

    private static Task<(CreateRelayRequest ForA, CreateRelayRequest ForB)> ConnectAsync(BridgeHarness a, BridgeHarness b) => RelayBridges.ConnectAsync(a, b);

    private static (CreateRelayRequest ForA, CreateRelayRequest ForB) Mirrored(IPEndPoint a, IPEndPoint b) => RelayBridges.Mirrored(a, b);
}
