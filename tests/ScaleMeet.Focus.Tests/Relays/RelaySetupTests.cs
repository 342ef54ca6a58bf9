using ScaleMeet.Contracts.Control;
using ScaleMeet.Focus.Relays;

namespace ScaleMeet.Focus.Tests.Relays;

public sealed class RelaySetupTests
{
    private static readonly RelaySetup.End A = new("bridge-a", "10.0.0.1:4096");
    private static readonly RelaySetup.End B = new("bridge-b", "10.0.0.2:4096");

    [Fact]
    public void Create_TwoBridges_RequestsMirrorEachOther()
    {
        var (forA, forB) = RelaySetup.Create("room", 7, A, B);

        Assert.Equal(("room", 7L), (forA.ConferenceId, forA.Generation));
        Assert.Equal(("room", 7L), (forB.ConferenceId, forB.Generation));
        Assert.Equal(("relay:bridge-b", "bridge-b", "10.0.0.2:4096"), (forA.EndpointId, forA.PeerBridgeId, forA.PeerAddress));
        Assert.Equal(("relay:bridge-a", "bridge-a", "10.0.0.1:4096"), (forB.EndpointId, forB.PeerBridgeId, forB.PeerAddress));
        Assert.Equal(forA.RelayId, forB.RelayId);
        Assert.InRange(forA.RelayId, 1u, RelaySetup.MaxRelayId);
        Assert.Equal(forA.Local, forB.Peer);
        Assert.Equal(forA.Peer, forB.Local);
        Assert.Equal(forA.Send, forB.Receive);
        Assert.Equal(forA.Receive, forB.Send);
    }

    [Fact]
    public void Create_KeysAndCredentials_DifferPerDirectionAndPerRelay()
    {
        var (first, _) = RelaySetup.Create("room", 1, A, B);
        var (second, _) = RelaySetup.Create("room", 1, A, B);

        Assert.NotEqual(first.Send, first.Receive);
        Assert.NotEqual(first.Local, first.Peer);
        Assert.NotEqual(first.Send, second.Send); // a rebuilt relay never reuses keys
        Assert.NotEqual(first.Local, second.Local);
        Assert.Equal((16, 12), (Convert.FromBase64String(first.Send.Key).Length, Convert.FromBase64String(first.Send.Salt).Length));
        Assert.Equal((8, 24), (first.Local.Ufrag.Length, first.Local.Pwd.Length));
        Assert.DoesNotContain(':', first.Local.Ufrag);
    }

    [Fact]
    public void Create_SameBridgeTwiceOrNoRelayAddress_Throws()
    {
        Assert.Throws<ArgumentException>(() => RelaySetup.Create("room", 1, A, A with { RelayAddress = "10.0.0.9:1" }));
        Assert.Throws<ArgumentException>(() => RelaySetup.Create("room", 1, A, B with { RelayAddress = "" }));
    }

    [Fact]
    public void Create_Requests_RoundTripTheControlCodec()
    {
        var (forA, _) = RelaySetup.Create("room", 3, A, B);
        var encoded = ControlCodec.Encode(new ControlEnvelope(ControlProtocol.Version, 9, forA));

        Assert.True(ControlCodec.TryDecode(encoded, out var decoded, out var error), error?.Message);
        Assert.Equal(forA, decoded!.Message);
    }
}
