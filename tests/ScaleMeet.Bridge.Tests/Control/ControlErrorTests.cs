using ScaleMeet.Bridge.Tests.Infrastructure;
using ScaleMeet.Contracts.Control;
using ScaleMeet.LoadTest.Peers;

namespace ScaleMeet.Bridge.Tests.Control;

/// <summary>Refused control requests come back as typed errors that name the problem.</summary>
public sealed class ControlErrorTests
{
    [Theory]
    [InlineData("this is not SDP", "publish offer")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=sendonly\r\na=rtpmap:111 opus/48000/2\r\na=ssrc:1 cname:x\r\n", "fingerprint")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=sendonly\r\na=rtpmap:111 opus/48000/2\r\n", "a=mid")]
    public async Task PublishOffer_BadSdp_BadSdpNamingTheProblem(string sdp, string named)
    {
        await using var harness = new BridgeHarness();
        await harness.JoinAsync("A");

        var reply = await harness.SendAsync(new PublishOfferRequest(BridgeHarness.Conference, "A", sdp));

        var error = Assert.IsType<BridgeErrorReply>(reply);
        Assert.Equal(BridgeErrorCodes.BadSdp, error.Code);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishOffer_SetupPassive_BadSdpExplainingTheDtlsRole()
    {
        await using var harness = new BridgeHarness();
        await harness.JoinAsync("A");
        using var transport = new SyntheticTransport();
        var offer = SyntheticSdp.PublishOffer(transport, SyntheticTracks.Create()).Replace("a=setup:actpass", "a=setup:passive", StringComparison.Ordinal);

        var error = Assert.IsType<BridgeErrorReply>(await harness.SendAsync(new PublishOfferRequest(BridgeHarness.Conference, "A", offer)));

        Assert.Equal(BridgeErrorCodes.BadSdp, error.Code);
        Assert.Contains("setup:passive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscribeAnswer_WrongVersion_OutOfOrder()
    {
        await using var harness = new BridgeHarness();
        var a = await harness.JoinAsync("A");
        var b = await harness.JoinAsync("B");
        await harness.PublishAsync(a);
        var offer = await harness.Events.Recorder.WaitForSubscribeOfferAsync("B", 0, BridgeHarness.Wait);
        var answer = SyntheticSdp.SubscribeAnswer(b.Participant.Subscribe, offer.Sdp);

        var early = await harness.SendAsync(new SubscribeAnswerRequest(BridgeHarness.Conference, "B", answer, offer.Version + 1));
        var stale = await harness.SendAsync(new SubscribeAnswerRequest(BridgeHarness.Conference, "B", answer, offer.Version - 1));

        Assert.Equal(BridgeErrorCodes.OutOfOrder, Assert.IsType<BridgeErrorReply>(early).Code);
        Assert.Equal(BridgeErrorCodes.OutOfOrder, Assert.IsType<BridgeErrorReply>(stale).Code);
        Assert.Contains(offer.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), ((BridgeErrorReply)early).Message, StringComparison.Ordinal);
        Assert.IsType<OkReply>(await harness.SendAsync(new SubscribeAnswerRequest(BridgeHarness.Conference, "B", answer, offer.Version)));
        Assert.Equal(BridgeErrorCodes.OutOfOrder,
            Assert.IsType<BridgeErrorReply>(await harness.SendAsync(new SubscribeAnswerRequest(BridgeHarness.Conference, "B", answer, offer.Version))).Code);
    }

    [Fact]
    public async Task SubscribeAnswer_SetupPassive_BadSdp()
    {
        await using var harness = new BridgeHarness();
        var a = await harness.JoinAsync("A");
        var b = await harness.JoinAsync("B");
        await harness.PublishAsync(a);
        var offer = await harness.Events.Recorder.WaitForSubscribeOfferAsync("B", 0, BridgeHarness.Wait);
        var answer = SyntheticSdp.SubscribeAnswer(b.Participant.Subscribe, offer.Sdp).Replace("a=setup:active", "a=setup:passive", StringComparison.Ordinal);

        var error = Assert.IsType<BridgeErrorReply>(await harness.SendAsync(new SubscribeAnswerRequest(BridgeHarness.Conference, "B", answer, offer.Version)));

        Assert.Equal(BridgeErrorCodes.BadSdp, error.Code);
        Assert.Contains("active", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_UnknownEndpointOrConference_UnknownEndpoint()
    {
        await using var harness = new BridgeHarness();
        await harness.JoinAsync("A");

        BridgeRequest[] requests =
        [
            new PublishOfferRequest(BridgeHarness.Conference, "nobody", "v=0"),
            new SubscribeAnswerRequest(BridgeHarness.Conference, "nobody", "v=0", 1),
            new ExpireEndpointRequest("other-room", "A"),
        ];
        foreach (var request in requests)
        {
            var error = Assert.IsType<BridgeErrorReply>(await harness.SendAsync(request));
            Assert.Equal(BridgeErrorCodes.UnknownEndpoint, error.Code);
            Assert.Contains(request.EndpointId, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Allocate_SameEndpointTwice_AlreadyExists()
    {
        await using var harness = new BridgeHarness();
        await harness.JoinAsync("A");

        var error = Assert.IsType<BridgeErrorReply>(await harness.SendAsync(new AllocateEndpointRequest(BridgeHarness.Conference, "A", "again")));

        Assert.Equal(BridgeErrorCodes.AlreadyExists, error.Code);
    }
}
