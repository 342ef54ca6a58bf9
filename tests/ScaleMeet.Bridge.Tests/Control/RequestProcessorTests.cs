using System.Collections.Concurrent;
using System.Text;
using ScaleMeet.Bridge.Tests.Infrastructure;
using ScaleMeet.Contracts.Control;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.LoadTest.Peers;

namespace ScaleMeet.Bridge.Tests.Control;

/// <summary>
/// SDP is parsed, negotiated and written off the media loop; the loop only applies compiled changes, keeps media
/// flowing while a negotiation is in progress, and runs a conference's allocation at most once per tick.
/// </summary>
public sealed class RequestProcessorTests
{
    [Fact]
    public async Task OffersAndAnswers_ReadAndWrittenOffTheLoop()
    {
        await using var harness = new BridgeHarness();
        var negotiated = new ConcurrentQueue<(string Request, int ThreadId)>();
        harness.Bridge.Requests!.Negotiating = r => negotiated.Enqueue((r.GetType().Name, Environment.CurrentManagedThreadId));
        var loopThread = harness.Bridge.Loop!.ManagedThreadId;

        await harness.ConnectPairAsync();

        Assert.Contains(negotiated, n => n.Request == nameof(PublishOfferRequest));
        Assert.Contains(negotiated, n => n.Request == nameof(SubscribeAnswerRequest));
        Assert.All(negotiated, n => Assert.NotEqual(loopThread, n.ThreadId));
        var offers = harness.Events.EventThreads.Where(e => e.Event is SubscribeOfferEvent).ToArray();
        Assert.NotEmpty(offers);
        Assert.All(offers, e => Assert.NotEqual(loopThread, e.ThreadId));
    }

    [Fact]
    public async Task LargeOfferHeldInNegotiation_LoopKeepsForwardingAndServingOtherEndpoints()
    {
        await using var harness = new BridgeHarness();
        var (a, b) = await harness.ConnectPairAsync();
        var c = await harness.JoinAsync("C");
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        harness.Bridge.Requests!.Negotiating = r =>
        {
            if (r is PublishOfferRequest { EndpointId: "C" })
            {
                entered.Set();
                release.Wait(BridgeHarness.Wait);
            }
        };
        var large = Padded(SyntheticSdp.PublishOffer(c.Participant.Publish, SyntheticTracks.Create()), harness.Options.Negotiation.MaxOfferBytes);

        // From another thread: the request may be negotiated on its caller's thread, which the hook then holds.
        var publish = Task.Run(() => harness.Bridge.SendAsync(new PublishOfferRequest(BridgeHarness.Conference, "C", large), CancellationToken.None));
        Assert.True(entered.Wait(BridgeHarness.Wait), "C's negotiation started");

        // While C's offer is held in negotiation the loop ticks, forwards A's audio to B and serves another endpoint.
        var ticks = harness.Bridge.Router!.Counters.Ticks;
        var audio = b.SubscribedTrack(a, "audio");
        var sender = new MediaSender(a.Participant.Publish, a.Participant.Tracks!);
        var before = b.SubscribeRtp.RtpOf(audio.Ssrc).Count;
        await Eventually.WaitAsync(() =>
        {
            sender.SendAudio(40);
            return b.SubscribeRtp.RtpOf(audio.Ssrc).Count > before;
        }, "A's audio at B during C's negotiation");
        Assert.IsType<OkReply>(await harness.SendAsync(new AllocateEndpointRequest(BridgeHarness.Conference, "D", "D")));
        await Eventually.WaitAsync(() => harness.Bridge.Router.Counters.Ticks > ticks + 2, "the loop ticking during C's negotiation");
        Assert.False(publish.IsCompleted);

        release.Set();
        var answer = Assert.IsType<PublishAnswerReply>(await publish.WaitAsync(BridgeHarness.Wait));
        Assert.Contains("a=ice-lite", answer.Sdp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestsOfOneEndpoint_RunInArrivalOrder()
    {
        await using var harness = new BridgeHarness();
        var c = await harness.JoinAsync("C");
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var requests = harness.Bridge.Requests!;
        requests.Negotiating = _ =>
        {
            entered.Set();
            release.Wait(BridgeHarness.Wait);
        };
        var offer = SyntheticSdp.PublishOffer(c.Participant.Publish, SyntheticTracks.Create());

        var publish = Task.Run(() => harness.Bridge.SendAsync(new PublishOfferRequest(BridgeHarness.Conference, "C", offer), CancellationToken.None));
        Assert.True(entered.Wait(BridgeHarness.Wait));
        var expire = harness.Bridge.SendAsync(new ExpireEndpointRequest(BridgeHarness.Conference, "C"), CancellationToken.None);

        // The expiry waits behind the held offer: had it run first, the offer would find no endpoint.
        Assert.Equal(2, requests.QueuedFor(BridgeHarness.Conference, "C"));
        release.Set();
        Assert.IsType<PublishAnswerReply>(await publish.WaitAsync(BridgeHarness.Wait));
        Assert.IsType<OkReply>(await expire.WaitAsync(BridgeHarness.Wait));
        Assert.Equal(0, requests.QueuedFor(BridgeHarness.Conference, "C"));
        Assert.Equal(0, requests.BusyEndpoints);
    }

    [Fact]
    public async Task BurstOfReceiverConstraints_OneAllocationPerTick()
    {
        const int Receivers = 40;
        await using var harness = new BridgeHarness();
        await harness.ConnectPairAsync();
        for (var i = 0; i < Receivers; i++)
        {
            Assert.IsType<OkReply>(await harness.SendAsync(new AllocateEndpointRequest(BridgeHarness.Conference, $"R{i}", "receiver")));
        }

        // Hold the loop so every receiver's constraints are waiting when it goes on.
        var counters = harness.Bridge.Router!.Counters;
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var hold = harness.Bridge.Loop!.InvokeAsync(() =>
        {
            entered.Set();
            release.Wait(BridgeHarness.Wait);
            return (counters.AllocationRuns, counters.Ticks);
        });
        Assert.True(entered.Wait(BridgeHarness.Wait));
        var constraints = ReceiverVideoConstraints.Default with { DefaultMaxHeight = 360 };
        var replies = Enumerable.Range(0, Receivers)
            .Select(i => harness.Bridge.SendAsync(new ReceiverConstraintsRequest(BridgeHarness.Conference, $"R{i}", constraints), CancellationToken.None))
            .ToArray();
        await Eventually.WaitAsync(() => harness.Bridge.Requests!.BusyEndpoints == Receivers, "every receiver's constraints waiting for the loop");

        release.Set();
        var (runsBefore, ticksBefore) = await hold.WaitAsync(BridgeHarness.Wait);
        Assert.All(await Task.WhenAll(replies).WaitAsync(BridgeHarness.Wait), r => Assert.IsType<OkReply>(r));
        await Eventually.WaitAsync(() => counters.AllocationRuns > runsBefore, "the allocation the constraints asked for");
        var (runs, ticks) = await harness.Bridge.Loop.InvokeAsync(() => (counters.AllocationRuns, counters.Ticks)).WaitAsync(BridgeHarness.Wait);

        // One conference: at most one run per tick, however many constraints came in.
        Assert.InRange(runs - runsBefore, 1, ticks - ticksBefore);
        Assert.InRange(ticks - ticksBefore, 1, Receivers - 1);
    }

    /// <summary><paramref name="sdp"/> grown to <paramref name="bytes"/> with a session-level attribute (a large, legal offer).</summary>
    private static string Padded(string sdp, int bytes)
    {
        const string Prefix = "a=x-padding:";
        var at = sdp.IndexOf("t=0 0\r\n", StringComparison.Ordinal) + "t=0 0\r\n".Length;
        var padding = bytes - Encoding.UTF8.GetByteCount(sdp) - Prefix.Length - 2;
        return sdp[..at] + Prefix + new string('x', padding) + "\r\n" + sdp[at..];
    }
}
