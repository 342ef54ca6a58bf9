using Microsoft.Extensions.Logging.Abstractions;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus.Auth;
using ScaleMeet.Focus.Bridges;
using ScaleMeet.Focus.Tests.Bridges;
using ScaleMeet.Focus.Tests.Fakes;

namespace ScaleMeet.Focus.Tests;

/// <summary>
/// The configured strategy places a room's first participant from the registry (regions from the bridges' hellos,
/// stress from their heartbeats) and the participant's region; later participants follow the room's bridge.
/// </summary>
public sealed class FocusServiceSelectionTests
{
    private const string Secret = "a-test-secret-of-some-length";

    private static (FocusService Focus, BridgeAcceptor Acceptor) NewFocus(string strategy, string focusRegion = "")
    {
        var options = new FocusOptions { Region = focusRegion, BridgeSelection = { Strategy = strategy } };
        var focus = new FocusService(options, new AuthOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        return (focus, new BridgeAcceptor(focus, new ControlOptions(), Secret, NullLoggerFactory.Instance, TimeProvider.System));
    }

    private static async Task<RawBridgePeer> ActiveBridgeAsync(FocusService focus, BridgeAcceptor acceptor, string bridgeId, string region, double stress)
    {
        var (focusEnd, bridgeEnd) = InMemoryControlChannel.CreatePair();
        var peer = new RawBridgePeer(bridgeEnd);
        _ = acceptor.RunAsync(focusEnd, "test", CancellationToken.None);
        await peer.SendAsync(RawBridgePeer.Hello(Secret, bridgeId, region: region), 1);
        await peer.NextAsync<WelcomeMessage>();
        await peer.SendAsync(new HeartbeatMessage(RawBridgePeer.Status(stress: stress)), 2);
        await Eventually.TrueAsync(() => focus.Bridges.List().Any(b => b.Id == bridgeId && b.State == nameof(BridgeState.Active)));
        return peer;
    }

    /// <summary>Starts a join of <paramref name="room"/> from <paramref name="region"/> (null: the focus's own); the join waits for a bridge's reply.</summary>
    private static Task Join(FocusService focus, string room, string? region) =>
        focus.CreateSession(new RecordingConnection(), region: region)
            .HandleAsync(new JoinMessage(room, "Ada", null, null) { RequestId = 1 }, CancellationToken.None);

    [Theory]
    [InlineData("us", "b2")]
    [InlineData("eu", "b1")]
    [InlineData("asia", "b1")]
    [InlineData(null, "b1")]
    public async Task RegionBased_FirstParticipant_OnABridgeOfItsRegion_ElseTheLeastLoaded(string? region, string expected)
    {
        var (focus, acceptor) = NewFocus("RegionBased");
        var b1 = await ActiveBridgeAsync(focus, acceptor, "b1", "eu", stress: 0.1);
        var b2 = await ActiveBridgeAsync(focus, acceptor, "b2", "us", stress: 0.5);

        _ = Join(focus, "room", region);

        var (allocate, _) = await (expected == "b1" ? b1 : b2).NextAsync<AllocateEndpointRequest>();
        Assert.Equal("room", allocate.ConferenceId);
        Assert.Equal(region ?? "", Assert.Single(focus.ParticipantsByRegion()).Key);
    }

    [Fact]
    public async Task NoRegionOnTheConnection_TheFocusRegionCounts()
    {
        var (focus, acceptor) = NewFocus("RegionBased", focusRegion: "us");
        await ActiveBridgeAsync(focus, acceptor, "b1", "eu", stress: 0.1);
        var b2 = await ActiveBridgeAsync(focus, acceptor, "b2", "us", stress: 0.5);

        _ = Join(focus, "room", region: null);

        await b2.NextAsync<AllocateEndpointRequest>();
        Assert.Equal(1, focus.ParticipantsByRegion()["us"]);
    }

    [Fact]
    public async Task RegionBased_LaterParticipantFromElsewhere_JoinsTheRoomsBridge()
    {
        var (focus, acceptor) = NewFocus("RegionBased");
        var b1 = await ActiveBridgeAsync(focus, acceptor, "b1", "eu", stress: 0.1);
        var b2 = await ActiveBridgeAsync(focus, acceptor, "b2", "us", stress: 0.5);
        var first = Join(focus, "room", "eu");
        var (_, envelope) = await b1.NextAsync<AllocateEndpointRequest>();
        await b1.SendAsync(OkReply.Instance, 100, replyTo: envelope.Id);
        await first.WaitAsync(RawBridgePeer.Wait);

        _ = Join(focus, "room", "us");

        // Until bridges relay (issue [7]) the conference stays whole on b1: the second allocation goes there too.
        var (second, _) = await b1.NextAsync<AllocateEndpointRequest>();
        Assert.Equal("room", second.ConferenceId);
        Assert.Equal(nameof(BridgeState.Active), focus.Bridges.List().Single(b => b.Id == "b2").State);
        GC.KeepAlive(b2);
    }
}
