using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Routing;

namespace ScaleMeet.Bridge.Tests.Stats;

/// <summary>Incoming loss from a sender's sequence gaps, per sample interval.</summary>
public sealed class ProducerLayerLossTests
{
    private const long Frequency = TimeSpan.TicksPerSecond;

    private readonly ProducerLayer _layer;

    public ProducerLayerLossTests()
    {
        var sender = new Endpoint(new Conference("room"), "alice", "Alice");
        var producer = new Producer(sender, MediaKind.Video, "1", 96, 97, 0);
        _layer = new ProducerLayer(producer, 0, null, 720, null) { Ssrc = 1111 };
    }

    [Fact]
    public void NoPackets_NothingExpected()
    {
        _layer.TakeIntervalLoss(out var expected, out var lost);

        Assert.Equal((0L, 0L), (expected, lost));
    }

    [Fact]
    public void GapsInTwoIntervals_EachIntervalCountsItsOwn()
    {
        Receive(100, 101, 103, 104, 105); // 102 missing
        _layer.TakeIntervalLoss(out var expected1, out var lost1);
        Receive(106, 110); // 107..109 missing
        _layer.TakeIntervalLoss(out var expected2, out var lost2);

        Assert.Equal((6L, 1L), (expected1, lost1)); // 100..105
        Assert.Equal((5L, 3L), (expected2, lost2)); // 106..110
    }

    [Fact]
    public void LateArrivalFillsGap_CountedInTheIntervalItArrives()
    {
        Receive(200, 202);
        _layer.TakeIntervalLoss(out var expected1, out var lost1);
        Receive(201, 203);
        _layer.TakeIntervalLoss(out var expected2, out var lost2);

        Assert.Equal((3L, 1L), (expected1, lost1));
        Assert.Equal((1L, 0L), (expected2, lost2)); // 203 is new; 201 came late and lowers nothing below zero
    }

    [Fact]
    public void AcrossSequenceWrap_GapCounted()
    {
        Receive(65_534, 65_535, 1, 2); // 0 missing
        _layer.TakeIntervalLoss(out var expected, out var lost);

        Assert.Equal((5L, 1L), (expected, lost));
    }

    [Fact]
    public void ReceiverReportFraction_Unaffected_ByStatsInterval()
    {
        Receive(10, 12); // 11 missing: 1 of 3
        _layer.TakeIntervalLoss(out _, out _);

        Assert.Equal((byte)(256 / 3), _layer.TakeFractionLost());
    }

    [Fact]
    public void SourceChanged_NewStreamFarAway_StatisticsRestartWithoutPhantomLoss()
    {
        Receive(100, 102); // 101 missing
        _layer.LastSenderReportNtpMiddle = 0x1234;
        _layer.KeyframeHeight = 360;
        var generation = _layer.SourceGeneration;

        _layer.Ssrc = 2222;
        _layer.OnSourceChanged();
        Receive(40_000, 40_001, 40_003); // the new stream's numbers: 40 002 missing, nothing counted for the jump

        _layer.TakeIntervalLoss(out var expected, out var lost);
        Assert.Equal((4L, 1L), (expected, lost));
        Assert.Equal(1, _layer.CumulativeLost);
        Assert.Equal(3, _layer.PacketsReceived);
        Assert.Equal(40_003u, _layer.ExtendedHighestSequence);
        Assert.Equal((0u, 0, generation + 1), (_layer.LastSenderReportNtpMiddle, _layer.KeyframeHeight, _layer.SourceGeneration));
    }

    private void Receive(params ushort[] sequences)
    {
        foreach (var s in sequences)
        {
            _layer.OnPacket(s, 1000, 1, Frequency);
        }
    }
}
