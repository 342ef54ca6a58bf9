using ScaleMeet.Media.Rtcp;
using ScaleMeet.Media.Tests.Rtp;

namespace ScaleMeet.Media.Tests.Rtcp;

public class TransportCcTests
{
    private const TransportCcStatus N = TransportCcStatus.NotReceived;
    private const TransportCcStatus S = TransportCcStatus.SmallDelta;
    private const TransportCcStatus L = TransportCcStatus.LargeDelta;

    [Fact]
    public void Parse_BothChunkKinds_ReadsEveryPacket()
    {
        Assert.True(TransportCc.TryParse(RtcpVectors.TransportCc, out var fb));
        Assert.Equal(0xfa17fa17u, fb.SenderSsrc);
        Assert.Equal(0x01020304u, fb.MediaSsrc);
        Assert.Equal(65534, fb.BaseSequenceNumber);
        Assert.Equal(23, fb.PacketStatusCount);
        Assert.Equal(0x123456, fb.ReferenceTime);
        Assert.Equal(0x123456L * 64000, fb.ReferenceTimeMicroseconds);
        Assert.Equal(42, fb.FeedbackPacketCount);
        Assert.Equal(15, fb.ReceivedCount);

        TransportCcStatus[] statuses =
        [
            N, S, S, S, S, S, N, N, N, S, S, S, N, N, // 1-bit vector 9f1c
            S, L, N, S, S, N, L,                      // 2-bit vector d852
            S, S,                                     // run length 2002
        ];
        short[] deltas = [0, 4, 8, 0, 255, 16, 0, 0, 0, 1, 2, 3, 0, 0, 32, 1024, 0, 5, 6, 0, -16, 7, 8];

        var packets = new TransportCcPacket[32];
        Assert.Equal(23, fb.CopyTo(packets));
        var time = fb.ReferenceTimeMicroseconds;
        for (var i = 0; i < 23; i++)
        {
            var p = packets[i];
            Assert.Equal((ushort)(65534 + i), p.SequenceNumber);
            Assert.Equal(statuses[i], p.Status);
            Assert.Equal(statuses[i] != N, p.Received);
            Assert.Equal(deltas[i], p.DeltaTicks);
            Assert.Equal(deltas[i] * 250L, p.DeltaMicroseconds);
            time += deltas[i] * 250L;
            if (p.Received)
            {
                Assert.Equal(time, p.ArrivalTimeMicroseconds);
            }
        }

        Assert.Equal(0, packets[2].SequenceNumber); // the wrap
    }

    [Fact]
    public void Write_BothChunkKinds_MatchesVector()
    {
        Assert.True(TransportCc.TryParse(RtcpVectors.TransportCc, out var fb));
        var packets = new TransportCcPacket[fb.PacketStatusCount];
        fb.CopyTo(packets);
        var buffer = new byte[128];
        Assert.True(TransportCc.TryWrite(buffer, fb.SenderSsrc, fb.MediaSsrc, fb.BaseSequenceNumber, fb.ReferenceTime,
            fb.FeedbackPacketCount, packets, out var written));
        Assert.Equal(Hex.Format(RtcpVectors.TransportCc), Hex.Format(buffer.AsSpan(0, written)));
    }

    [Fact]
    public void ParseWrite_LibwebrtcRunWithPadding_RoundTrips()
    {
        Assert.True(TransportCc.TryParse(RtcpVectors.TransportCcRun, out var fb));
        Assert.Equal(4, fb.BaseSequenceNumber);
        Assert.Equal(7, fb.PacketStatusCount);
        Assert.Equal(1074030, fb.ReferenceTime);
        Assert.Equal(1, fb.FeedbackPacketCount);
        Assert.Equal(7, fb.ReceivedCount);
        var micros = new List<long>();
        foreach (var p in fb)
        {
            Assert.Equal(S, p.Status);
            micros.Add(p.DeltaMicroseconds);
        }

        Assert.Equal([19000L, 9000, 9000, 4000, 3000, 3000, 4000], micros);

        var packets = new TransportCcPacket[7];
        fb.CopyTo(packets);
        var buffer = new byte[64];
        Assert.True(TransportCc.TryWrite(buffer, fb.SenderSsrc, fb.MediaSsrc, fb.BaseSequenceNumber, fb.ReferenceTime,
            fb.FeedbackPacketCount, packets, out var written));
        Assert.Equal(Hex.Format(RtcpVectors.TransportCcRun), Hex.Format(buffer.AsSpan(0, written)));
    }

    [Fact]
    public void ParseWrite_DraftRunLengthExample_RoundTrips()
    {
        var vector = Hex.Parse("""
            af cd 00 06 // V=2 P=1 FMT=15 PT=205 length 6 -> 28 bytes
            00 00 00 01 // SSRC of packet sender
            00 00 00 02 // SSRC of media source
            00 00       // base sequence number 0
            00 de       // packet status count 222
            00 00 01    // reference time 1 (64 ms)
            00          // feedback packet count 0
            00 dd       // run length (draft §3.1.3 example 1): not received x 221
            20 01       // run length: small delta x 1
            10          // delta 16 ticks (4 ms)
            00 00 03    // RTCP padding: 3 bytes
            """);
        Assert.True(TransportCc.TryParse(vector, out var fb));
        Assert.Equal(222, fb.PacketStatusCount);
        Assert.Equal(1, fb.ReceivedCount);
        var packets = new TransportCcPacket[222];
        Assert.Equal(222, fb.CopyTo(packets));
        Assert.All(packets[..221], p => Assert.Equal(N, p.Status));
        Assert.Equal(221, packets[221].SequenceNumber);
        Assert.Equal(S, packets[221].Status);
        Assert.Equal(64_000 + 4_000, packets[221].ArrivalTimeMicroseconds);

        var buffer = new byte[64];
        Assert.True(TransportCc.TryWrite(buffer, 1, 2, 0, 1, 0, packets, out var written));
        Assert.Equal(Hex.Format(vector), Hex.Format(buffer.AsSpan(0, written)));
    }

    [Fact]
    public void Parse_VectorChunkLongerThanStatusCount_IgnoresExtraSymbols()
    {
        var vector = Hex.Parse("""
            8f cd 00 05 00 00 00 01 00 00 00 02 // FMT=15 PT=205 length 5, SSRCs
            00 0a 00 02 // base 10, status count 2
            00 00 00 07 // reference time 0, fb count 7
            bf ff       // 1-bit vector with 14 "received" symbols; only 2 count
            01 02 00 00 // two small deltas, then zero padding (no P bit)
            """);
        Assert.True(TransportCc.TryParse(vector, out var fb));
        Assert.Equal(2, fb.ReceivedCount);
        var packets = new TransportCcPacket[4];
        Assert.Equal(2, fb.CopyTo(packets));
        Assert.Equal((10, 1), (packets[0].SequenceNumber, packets[0].DeltaTicks));
        Assert.Equal((11, 2), (packets[1].SequenceNumber, packets[1].DeltaTicks));
    }

    [Theory]
    [InlineData("8f cd 00 04 00 00 00 01 00 00 00 02 00 0a 00 00 00 00 00 07")]             // status count 0
    [InlineData("8f cd 00 04 00 00 00 01 00 00 00 02 00 0a 00 01 00 00 00 07")]             // no chunk
    [InlineData("8f cd 00 05 00 00 00 01 00 00 00 02 00 0a 00 03 00 00 00 07 20 03 01 02")] // 3 small deltas: 2 bytes present
    [InlineData("8f cd 00 05 00 00 00 01 00 00 00 02 00 0a 00 03 00 00 00 07 40 03 01 02")] // 3 large deltas: 6 bytes needed
    [InlineData("8f cd 00 05 00 00 00 01 00 00 00 02 00 0a 00 01 00 00 00 07 60 01 00 00")] // run of reserved symbol 3
    [InlineData("8f cd 00 05 00 00 00 01 00 00 00 02 00 0a 00 01 00 00 00 07 f0 00 00 00")] // 2-bit vector with symbol 3
    [InlineData("8f cd 00 03 00 00 00 01 00 00 00 02 00 0a 00 01")]                         // fixed FCI cut short
    [InlineData("81 cd 00 05 00 00 00 01 00 00 00 02 00 0a 00 01 00 00 00 07 20 01 01 00")] // FMT 1 (NACK)
    public void Parse_Malformed_Rejected(string hex) => Assert.False(TransportCc.TryParse(Hex.Parse(hex), out _));

    [Fact]
    public void WriteFromArrivals_MixedGaps_ParsesBackWithinQuantization()
    {
        long[] arrivals = [1_000_000, -1, 1_010_000, 1_010_100, 3_000_000, 2_999_000, -1, -1, 3_063_750, 3_063_800];
        var buffer = new byte[256];
        Assert.True(TransportCc.TryWriteFromArrivals(buffer, 5, 6, 65530, 9, arrivals, out var written));
        Assert.True(TransportCc.TryParse(buffer.AsSpan(0, written), out var fb));
        Assert.Equal(65530, fb.BaseSequenceNumber);
        Assert.Equal(9, fb.FeedbackPacketCount);
        Assert.Equal(1_000_000 / 64_000, fb.ReferenceTime);
        Assert.Equal(7, fb.ReceivedCount);

        var i = 0;
        foreach (var p in fb)
        {
            Assert.Equal((ushort)(65530 + i), p.SequenceNumber);
            Assert.Equal(arrivals[i] >= 0, p.Received);
            if (p.Received)
            {
                Assert.InRange(p.ArrivalTimeMicroseconds - arrivals[i], -125, 125);
            }

            i++;
        }

        Assert.Equal(arrivals.Length, i);
    }

    [Fact]
    public void BuildPackets_DeltaStatuses_FollowSize()
    {
        long[] arrivals = [64_000, 64_000 + 63_750, 64_000 + 63_750 + 64_000, 64_000, -5];
        var packets = new TransportCcPacket[5];
        Assert.Equal(5, TransportCc.BuildPackets(100, arrivals, packets, out var referenceTime));
        Assert.Equal(1, referenceTime);
        Assert.Equal((S, (short)0), (packets[0].Status, packets[0].DeltaTicks));
        Assert.Equal((S, (short)255), (packets[1].Status, packets[1].DeltaTicks));
        Assert.Equal((L, (short)256), (packets[2].Status, packets[2].DeltaTicks));
        Assert.Equal((L, (short)-511), (packets[3].Status, packets[3].DeltaTicks));
        Assert.Equal(N, packets[4].Status);
        Assert.Equal(104, packets[4].SequenceNumber);
    }

    [Fact]
    public void WriteFromArrivals_GapBeyondSixteenBits_Fails()
    {
        var buffer = new byte[64];
        Assert.False(TransportCc.TryWriteFromArrivals(buffer, 1, 2, 0, 0, [0, 8_200_000], out _));
        Assert.True(TransportCc.TryWriteFromArrivals(buffer, 1, 2, 0, 0, [0, 8_191_000], out _));
        Assert.False(TransportCc.TryWriteFromArrivals(buffer, 1, 2, 0, 0, [], out _));
        Assert.False(TransportCc.TryWriteFromArrivals(new byte[20], 1, 2, 0, 0, [0, 1000], out _));
    }

    [Fact]
    public void Write_InvalidEntries_Rejected()
    {
        var buffer = new byte[64];
        Assert.False(TransportCc.TryWrite(buffer, 1, 2, 0, 0, 0, [new TransportCcPacket(0, S, 256, 0)], out _));
        Assert.False(TransportCc.TryWrite(buffer, 1, 2, 0, 0, 0, [new TransportCcPacket(0, S, -1, 0)], out _));
        Assert.False(TransportCc.TryWrite(buffer, 1, 2, 0, 0, 0, [new TransportCcPacket(0, (TransportCcStatus)3, 0, 0)], out _));
        Assert.False(TransportCc.TryWrite(buffer, 1, 2, 0, 0, 0, [], out _));
    }

    [Fact]
    public void WriteParse_RandomFeedback_RoundTripsEveryEntry()
    {
        var random = new Random(3);
        var buffer = new byte[70_000];
        for (var round = 0; round < 300; round++)
        {
            var count = random.Next(1, round % 50 == 0 ? 20_000 : 600);
            var packets = new TransportCcPacket[count];
            var mode = random.Next(4); // vary the mix so long runs and dense vectors both appear
            for (var i = 0; i < count; i++)
            {
                var roll = random.Next(100);
                var status = mode switch
                {
                    0 => roll < 97 ? S : N,
                    1 => roll < 50 ? N : roll < 90 ? S : L,
                    2 => i % 1000 < 900 ? N : S,
                    _ => roll < 5 ? L : S,
                };
                var delta = status switch
                {
                    S => (short)random.Next(256),
                    L => (short)random.Next(short.MinValue, short.MaxValue + 1),
                    _ => (short)0,
                };
                packets[i] = new TransportCcPacket(0, status, delta, 0);
            }

            var baseSeq = (ushort)random.Next(65536);
            Assert.True(TransportCc.TryWrite(buffer, 1, 2, baseSeq, random.Next(1 << 24), 3, packets, out var written));
            Assert.Equal(0, written % 4);
            Assert.True(TransportCc.TryParse(buffer.AsSpan(0, written), out var fb));
            var back = new TransportCcPacket[count];
            Assert.Equal(count, fb.CopyTo(back));
            for (var i = 0; i < count; i++)
            {
                Assert.Equal((ushort)(baseSeq + i), back[i].SequenceNumber);
                Assert.Equal(packets[i].Status, back[i].Status);
                Assert.Equal(packets[i].Status == N ? 0 : packets[i].DeltaTicks, back[i].DeltaTicks);
            }
        }
    }

    [Fact]
    public void Parse_Truncated_Rejected()
    {
        Mutations.AssertPrefixesRejected(RtcpVectors.TransportCc, b => TransportCc.TryParse(b, out _), RtcpVectors.TransportCc.Length);
        Mutations.AssertPrefixesRejected(RtcpVectors.TransportCcRun, b => TransportCc.TryParse(b, out _), RtcpVectors.TransportCcRun.Length);
    }

    [Fact]
    public void Parse_RandomizedMalformedInput_NeverThrowsAndEnumeratesStatusCount()
    {
        var accepted = Mutations.Run(51, [RtcpVectors.TransportCc, RtcpVectors.TransportCcRun, .. RtcpVectors.All], bytes =>
        {
            if (!TransportCc.TryParse(bytes, out var fb))
            {
                return false;
            }

            int count = 0, received = 0;
            foreach (var p in fb)
            {
                count++;
                received += p.Received ? 1 : 0;
            }

            Assert.Equal(fb.PacketStatusCount, count);
            Assert.Equal(fb.ReceivedCount, received);
            return true;
        }, 20_000);
        Assert.InRange(accepted, 1, 19_999);
    }
}
