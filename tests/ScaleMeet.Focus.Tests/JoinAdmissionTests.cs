using ScaleMeet.Contracts.Control;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Focus.Tests.Fakes;

namespace ScaleMeet.Focus.Tests;

/// <summary>The session asks the host's <see cref="IJoinAdmission"/> before a join and gives the place back when it ends.</summary>
public sealed class JoinAdmissionTests
{
    [Fact]
    public async Task Join_Admitted_JoinsHoldingOnePlaceUntilClose()
    {
        var harness = new FocusHarness();
        var admission = new CountingAdmission(places: 1);
        var client = NewClient(harness, admission);

        await client.SendAsync(new JoinMessage("room", "Ada") { RequestId = 1 });
        await client.Connection.NextAsync<JoinedMessage>();
        Assert.Equal((1, 0), (admission.Taken, admission.Returned));

        await client.Session.CloseAsync("gone");

        Assert.Equal((1, 1), (admission.Taken, admission.Returned));
        Assert.Equal(0, admission.Held);
    }

    [Theory]
    [InlineData(false, "participant_limit")]
    [InlineData(true, "address_participant_limit")]
    public async Task Join_Refused_ServerFullCountedByReasonAndSessionUsable(bool perAddress, string reason)
    {
        var harness = new FocusHarness();
        var client = NewClient(harness, new CountingAdmission(places: 0, perAddress));

        await client.SendAsync(new JoinMessage("room", "Ada") { RequestId = 7 });

        var error = await client.Connection.NextErrorAsync(SignalingErrorCodes.ServerFull, 7);
        Assert.Equal("no places left (test)", error.Message);
        Assert.Empty(harness.Bridge.RequestsOf<AllocateEndpointRequest>());
        Assert.Equal(1, harness.Focus.Counters.JoinFailures.Single(f => f.Key == reason).Value);
        Assert.Equal(1, harness.Focus.Counters.SignalingErrors.Single(e => e.Key == SignalingErrorCodes.ServerFull).Value);
        await client.SendAsync(new PingMessage { RequestId = 8 });
        Assert.Equal(8, (await client.Connection.NextAsync<PongMessage>()).RequestId);
    }

    [Fact]
    public async Task Join_BridgeRefuses_PlaceGivenBackAndRetryTakesItAgain()
    {
        var harness = new FocusHarness();
        var admission = new CountingAdmission(places: 1);
        var client = NewClient(harness, admission);
        harness.Bridge.Reply<AllocateEndpointRequest>(_ => new BridgeErrorReply(BridgeErrorCodes.ShuttingDown, "draining"));

        await client.SendAsync(new JoinMessage("room", "Ada") { RequestId = 1 });
        await client.Connection.NextErrorAsync(SignalingErrorCodes.BridgeUnavailable, 1);
        Assert.Equal((1, 1), (admission.Taken, admission.Returned));

        harness.Bridge.Reply<AllocateEndpointRequest>(_ => OkReply.Instance);
        await client.SendAsync(new JoinMessage("room", "Ada") { RequestId = 2 });

        Assert.Equal(2, (await client.Connection.NextAsync<JoinedMessage>()).RequestId);
        Assert.Equal(1, admission.Held);
    }

    [Fact]
    public async Task Join_InvalidRoom_NoPlaceAsked()
    {
        var harness = new FocusHarness();
        var admission = new CountingAdmission(places: 1);
        var client = NewClient(harness, admission);

        await client.SendAsync(new JoinMessage("bad room", "Ada") { RequestId = 1 });

        await client.Connection.NextErrorAsync(SignalingErrorCodes.InvalidRoom, 1);
        Assert.Equal(0, admission.Taken);
    }

    [Fact]
    public async Task Join_Cancelled_PlaceGivenBack()
    {
        var harness = new FocusHarness();
        var admission = new CountingAdmission(places: 1);
        var client = NewClient(harness, admission);
        harness.Bridge.Responder = async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return OkReply.Instance;
        };
        using var cancel = new CancellationTokenSource();

        var join = client.Session.HandleAsync(new JoinMessage("room", "Ada") { RequestId = 1 }, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => join);
        Assert.Equal((1, 1), (admission.Taken, admission.Returned));
    }

    [Fact]
    public async Task DroppedConnection_TheWaitingParticipantKeepsItsPlaceUntilTheWaitEnds_ThenTheAdmissionIsClosed()
    {
        var harness = new FocusHarness(new FocusOptions { ResumeGracePeriod = TimeSpan.FromMilliseconds(300) });
        var admission = new CountingAdmission(1);
        var ada = NewClient(harness, admission);
        await ada.SendAsync(new JoinMessage("room", "Ada") { RequestId = 1 });
        await ada.Connection.NextAsync<JoinedMessage>();

        Assert.True(await ada.Session.ConnectionLostAsync("connection lost"));

        // Waiting, it still counts: its place is held and its connection's admission stays open until the wait ends.
        Assert.Equal((1, 0, 0), (admission.Held, admission.Returned, admission.Closed));
        await Eventually.TrueAsync(() => admission.Closed == 1);
        Assert.Equal(0, admission.Held);
    }

    [Fact]
    public async Task DroppedConnection_Resumed_TheOldAdmissionIsClosedAndTheNewOneHoldsThePlace()
    {
        var harness = new FocusHarness();
        var first = new CountingAdmission(1);
        var ada = NewClient(harness, first);
        await ada.SendAsync(new JoinMessage("room", "Ada") { RequestId = 1 });
        var joined = await ada.Connection.NextAsync<JoinedMessage>();
        Assert.True(await ada.Session.ConnectionLostAsync("connection lost"));

        var second = new CountingAdmission(1);
        var again = NewClient(harness, second);
        await again.SendAsync(new ResumeMessage(joined.ParticipantId, joined.ResumeToken!, ada.Connection.LastSeq) { RequestId = 2 });
        await again.Connection.NextAsync<ResumedMessage>();

        Assert.Equal((0, 1), (first.Held, first.Closed));
        Assert.Equal((1, 0), (second.Held, second.Closed));
    }

    [Fact]
    public async Task DroppedConnection_ResumptionOff_ThePlaceIsReleasedAndTheHostClosesTheAdmission()
    {
        var harness = new FocusHarness(new FocusOptions { ResumeGracePeriod = TimeSpan.Zero });
        var admission = new CountingAdmission(1);
        var ada = NewClient(harness, admission);
        await ada.SendAsync(new JoinMessage("room", "Ada") { RequestId = 1 });
        await ada.Connection.NextAsync<JoinedMessage>();

        Assert.False(await ada.Session.ConnectionLostAsync("connection lost"));

        Assert.Equal((0, 1, 0), (admission.Held, admission.Returned, admission.Closed));
    }

    private static TestClient NewClient(FocusHarness harness, IJoinAdmission admission)
    {
        var connection = new RecordingConnection();
        return new TestClient(harness.Focus.CreateSession(connection, admission), connection);
    }

    /// <summary>An admission with a fixed number of places that counts what the session takes and returns.</summary>
    private sealed class CountingAdmission(int places, bool perAddress = false) : IJoinAdmission
    {
        private bool _holding;

        public int Taken { get; private set; }

        public int Returned { get; private set; }

        public int Held => Taken - Returned;

        public int Closed { get; private set; }

        public JoinAdmissionRefusal? TryAdmit()
        {
            if (_holding)
            {
                return null;
            }

            if (Held >= places)
            {
                return new JoinAdmissionRefusal(perAddress, "no places left (test)");
            }

            _holding = true;
            Taken++;
            return null;
        }

        public void Release()
        {
            if (_holding)
            {
                _holding = false;
                Returned++;
            }
        }

        public void Close()
        {
            Release();
            Closed++;
        }
    }
}
