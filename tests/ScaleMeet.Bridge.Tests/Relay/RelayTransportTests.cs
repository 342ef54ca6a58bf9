using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ScaleMeet.Bridge.Relay;
using ScaleMeet.Bridge.Tests.Stats;
using ScaleMeet.Media.Ice;

namespace ScaleMeet.Bridge.Tests.Relay;

/// <summary>
/// Two relay ends on real loopback sockets: they connect by STUN checks, carry SRTP with origin SSRCs, and drop and
/// count what comes from elsewhere, fails authentication or is replayed (issue [7], done-when 3).
/// </summary>
public sealed class RelayTransportTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void Checks_BothEnds_ConnectAndCarryRtpAndRtcpUnchanged()
    {
        var (a, b) = RelayEnd.CreatePair(_clock);
        using (a)
        using (b)
        {
            Connect(a, b);
            var rtp = Rtp(ssrc: 0xCAFE0001, sequence: 4711);
            var rtcp = Pli(sender: 0x0000BEEF, media: 0xCAFE0001);
            Assert.True(a.Relay.SendRtp(rtp.ToArray(), rtp.Length, 0));
            Assert.True(a.Relay.SendRtcp(rtcp.ToArray(), rtcp.Length));
            a.Socket.Flush();
            PumpUntil(b, () => b.Media.Count == 2);

            Assert.Equal(RelayPacketKind.Rtp, b.Media[0].Kind);
            Assert.Equal(rtp, b.Media[0].Plain); // origin SSRC, sequence number and payload as sent
            Assert.Equal(RelayPacketKind.Rtcp, b.Media[1].Kind);
            Assert.Equal(rtcp, b.Media[1].Plain);
            var onWire = b.Raw[^2];
            Assert.Equal(RelayHeader.Length + rtp.Length + 16, onWire.Length); // header + RTP + GCM tag
            Assert.False(onWire.AsSpan(RelayHeader.Length + 12).SequenceEqual(rtp.AsSpan(12))); // the payload is encrypted
            AssertNothingRefused(a);
            AssertNothingRefused(b);
            Assert.True(a.Relay.Consent.Answers >= 1 && b.Relay.Consent.Answers >= 1);
        }
    }

    [Fact]
    public void Send_BeforeThePeerAnswered_Refused()
    {
        var (a, b) = RelayEnd.CreatePair(_clock);
        using (a)
        using (b)
        {
            var rtp = Rtp(ssrc: 1, sequence: 1);
            Assert.False(a.Relay.IsConnected);
            Assert.False(a.Relay.SendRtp(rtp, rtp.Length, 0));
            Assert.Equal(0, a.Relay.PacketsSent);
        }
    }

    [Fact]
    public void Datagram_FromAnUnknownAddress_DroppedAndCounted()
    {
        var (a, b) = RelayEnd.CreatePair(_clock);
        using (a)
        using (b)
        {
            Connect(a, b);
            var captured = SendOneRtp(a, b);
            using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            stranger.SendTo(captured, b.EndPoint); // a valid datagram of the relay, from the wrong address

            PumpUntil(b, () => b.Counters.UnknownAddressDropped == 1);
            Assert.Single(b.Media);
            Assert.Equal(0, b.Counters.SrtpReplayed);
        }
    }

    [Fact]
    public void Datagram_ForAnUnknownRelay_DroppedAndCounted()
    {
        var (a, b) = RelayEnd.CreatePair(_clock);
        using (a)
        using (b)
        {
            Connect(a, b);
            var captured = SendOneRtp(a, b);
            RelayHeader.Write(captured, b.Relay.RelayId + 1);
            a.Socket.SendNow(captured, b.EndPoint.Serialize());

            PumpUntil(b, () => b.Counters.UnknownRelayDropped == 1);
            Assert.Single(b.Media);
        }
    }

    [Fact]
    public void Srtp_Replayed_DroppedAndCounted()
    {
        var (a, b) = RelayEnd.CreatePair(_clock);
        using (a)
        using (b)
        {
            Connect(a, b);
            var captured = SendOneRtp(a, b);
            a.Socket.SendNow(captured, b.EndPoint.Serialize()); // the same datagram again, from the right address

            PumpUntil(b, () => b.Counters.SrtpReplayed == 1);
            Assert.Single(b.Media);
            Assert.Equal(0, b.Counters.SrtpAuthenticationFailed);
        }
    }

    [Fact]
    public void Srtp_Tampered_FailsAuthenticationAndIsCounted()
    {
        var (a, b) = RelayEnd.CreatePair(_clock);
        using (a)
        using (b)
        {
            Connect(a, b);
            var rtp = Rtp(ssrc: 0xCAFE0001, sequence: 100);
            Assert.True(a.Relay.SendRtp(rtp, rtp.Length, 0));
            a.Socket.Flush();
            PumpUntil(b, () => b.Media.Count == 1);
            var tampered = b.Raw[^1];
            BinaryPrimitives.WriteUInt16BigEndian(tampered.AsSpan(RelayHeader.Length + 2), 101); // a new index: not a replay
            tampered[^20] ^= 0x01; // and a flipped payload bit
            a.Socket.SendNow(tampered, b.EndPoint.Serialize());

            PumpUntil(b, () => b.Counters.SrtpAuthenticationFailed == 1);
            Assert.Single(b.Media);
            Assert.Equal(0, b.Counters.SrtpReplayed);
        }
    }

    [Fact]
    public void Srtp_WithTheOtherDirectionsKey_FailsAuthentication()
    {
        var (a, b) = RelayEnd.CreatePair(_clock);
        using (a)
        using (b)
        {
            Connect(a, b);
            // B protects for A; the datagram is turned around and sent to B from A's address: B's inbound key differs.
            var rtp = Rtp(ssrc: 0xCAFE0002, sequence: 7);
            Assert.True(b.Relay.SendRtp(rtp, rtp.Length, 0));
            b.Socket.Flush();
            PumpUntil(a, () => a.Media.Count == 1);
            a.Socket.SendNow(a.Raw[^1], b.EndPoint.Serialize());

            PumpUntil(b, () => b.Counters.SrtpAuthenticationFailed == 1);
            Assert.Empty(b.Media);
        }
    }

    [Fact]
    public void Stun_CheckWithTheWrongPassword_RefusedAndGrantsNothing()
    {
        var (a, b) = RelayEnd.CreatePair(_clock, new RelayOptions());
        using (a)
        using (b)
        {
            var check = new byte[300];
            RelayHeader.Write(check, b.Relay.RelayId);
            var length = IceBindingRequest.Write(check.AsSpan(RelayHeader.Length), new byte[12], "unknown", "other", IceLiteSession.NewPassword(), 1, 1, true);
            a.Socket.SendNow(check.AsSpan(0, RelayHeader.Length + length), b.EndPoint.Serialize());

            PumpUntil(b, () => b.Counters.StunRefused == 1);
            PumpUntil(a, () => a.Counters.StunRefused == 1); // B's 401 reaches A, which takes it for nothing
            Assert.False(a.Relay.IsConnected);
            Assert.Equal(0, a.Relay.Consent.Answers);
        }
    }

    [Fact]
    public void Stun_ReplayedAnswer_RefusedAndDoesNotExtendConsent()
    {
        var (a, b) = RelayEnd.CreatePair(_clock);
        using (a)
        using (b)
        {
            Connect(a, b);
            var answers = a.Relay.Consent.Answers;
            var answer = a.Raw.Last(d => d[RelayHeader.Length] == 0x01 && d[RelayHeader.Length + 1] == 0x01); // a Binding success response
            b.Socket.SendNow(answer, a.EndPoint.Serialize());

            PumpUntil(a, () => a.Counters.StunRefused == 1);
            Assert.Equal(answers, a.Relay.Consent.Answers);
        }
    }

    [Fact]
    public void Consent_PeerStopsAnswering_LapsesOnceAndStopsMedia()
    {
        var options = new RelayOptions { CheckInterval = TimeSpan.FromSeconds(1), ConsentTimeout = TimeSpan.FromSeconds(3) };
        var (a, b) = RelayEnd.CreatePair(_clock, options);
        using (a)
        using (b)
        {
            Connect(a, b);
            for (var i = 0; i < 4; i++)
            {
                _clock.Advance(TimeSpan.FromSeconds(1)); // A's checks go out; B is frozen and never answers
                a.Tick(_clock);
            }

            Assert.Single(a.Expired);
            Assert.Same(a.Relay, a.Expired[0]);
            Assert.False(a.Relay.IsConnected);
            var rtp = Rtp(ssrc: 1, sequence: 1);
            Assert.False(a.Relay.SendRtp(rtp, rtp.Length, 0));
            _clock.Advance(TimeSpan.FromSeconds(1));
            a.Tick(_clock);
            Assert.Single(a.Expired); // reported once
            Assert.Equal(1, a.Counters.ConsentExpired);
        }
    }

    [Fact]
    public void Consent_AnsweredChecks_KeepTheRelayUpPastTheTimeout()
    {
        var options = new RelayOptions { CheckInterval = TimeSpan.FromSeconds(1), ConsentTimeout = TimeSpan.FromSeconds(3) };
        var (a, b) = RelayEnd.CreatePair(_clock, options);
        using (a)
        using (b)
        {
            Connect(a, b);
            for (var i = 0; i < 10; i++)
            {
                _clock.Advance(TimeSpan.FromSeconds(1));
                var answers = a.Relay.Consent.Answers;
                a.Tick(_clock);
                PumpUntil(a, () => a.Relay.Consent.Answers > answers, other: b); // B answers each check
            }

            Assert.True(a.Relay.IsConnected);
            Assert.Empty(a.Expired);
        }
    }

    [Fact]
    public void TryAdd_SameIdTwiceOrPastTheLimit_Refused()
    {
        var (a, b) = RelayEnd.CreatePair(_clock, new RelayOptions { MaxRelays = 2 });
        using (a)
        using (b)
        {
            var duplicate = new RelayTransport(Parameters(a.Relay.RelayId, b.EndPoint), a.Socket, _clock, new RelayOptions(), new BudgetOptions(), a.Counters);
            Assert.False(a.Table.TryAdd(duplicate));
            Assert.True(a.Table.TryAdd(new RelayTransport(Parameters(7, b.EndPoint), a.Socket, _clock, new RelayOptions(), new BudgetOptions(), a.Counters)));
            Assert.False(a.Table.TryAdd(new RelayTransport(Parameters(8, b.EndPoint), a.Socket, _clock, new RelayOptions(), new BudgetOptions(), a.Counters)));
            Assert.True(a.Table.Close(7));
            Assert.False(a.Table.Close(7));
        }
    }

    private static RelayParameters Parameters(uint id, IPEndPoint remote) =>
        new(id, remote, IceLiteSession.NewUfrag(), IceLiteSession.NewPassword(), IceLiteSession.NewUfrag(), IceLiteSession.NewPassword(),
            new byte[16], new byte[12], new byte[16], new byte[12]);

    /// <summary>Checks both ways until both ends have consent; the clock moves 200 ms a round so checks repeat.</summary>
    private void Connect(RelayEnd a, RelayEnd b)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(a.Relay.IsConnected && b.Relay.IsConnected))
        {
            Assert.True(DateTime.UtcNow < deadline, "the relay ends did not connect");
            a.Tick(_clock);
            b.Tick(_clock);
            b.Pump(10);
            a.Pump(10);
            _clock.Advance(RelayConsent.FirstCheckInterval);
        }
    }

    /// <summary>A sends one RTP packet; returns the datagram as B received it (accepted).</summary>
    private static byte[] SendOneRtp(RelayEnd a, RelayEnd b)
    {
        var rtp = Rtp(ssrc: 0xCAFE0001, sequence: 1000);
        Assert.True(a.Relay.SendRtp(rtp, rtp.Length, 0));
        a.Socket.Flush();
        PumpUntil(b, () => b.Media.Count == 1);
        return b.Raw[^1].ToArray();
    }

    private static void PumpUntil(RelayEnd end, Func<bool> condition, RelayEnd? other = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the relay");
            other?.Pump(10);
            end.Pump(10);
        }
    }

    private static void AssertNothingRefused(RelayEnd end)
    {
        var c = end.Counters;
        Assert.Equal((0L, 0L, 0L, 0L, 0L, 0L, 0L), (c.MalformedDropped, c.UnknownRelayDropped, c.UnknownAddressDropped, c.StunRefused,
            c.SrtpAuthenticationFailed, c.SrtpReplayed, c.SendRefused));
    }

    /// <summary>An RTP packet (RFC 3550 §5.1) with a 20-byte payload, in a buffer with room for the SRTP tag.</summary>
    private static byte[] Rtp(uint ssrc, ushort sequence)
    {
        var packet = new byte[12 + 20];
        packet[0] = 0x80; // V=2
        packet[1] = 96; // PT
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 90_000);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (var i = 12; i < packet.Length; i++)
        {
            packet[i] = (byte)i;
        }

        return packet;
    }

    /// <summary>A PLI (RFC 4585 §6.3.1): PT 206, FMT 1, length 2.</summary>
    private static byte[] Pli(uint sender, uint media)
    {
        var packet = new byte[12];
        packet[0] = 0x81;
        packet[1] = 206;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 2);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sender);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), media);
        return packet;
    }
}
