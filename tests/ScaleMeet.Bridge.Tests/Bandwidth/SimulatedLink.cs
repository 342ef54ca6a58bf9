using ScaleMeet.Bridge.Bandwidth;
using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.Bridge.Tests.Bandwidth;

/// <summary>
/// A deterministic call over one bottleneck, stepped in 1 ms of simulated time: a paced sender sends
/// min(estimate, demand) in fixed-size packets, stamps transport-wide sequence numbers and tells the estimator;
/// the link is a FIFO of <see cref="CapacityBps"/> with a drop-tail limit in queueing delay, one-way propagation
/// delay and optional random loss (seeded); the receiver answers every 50–100 ms with real transport-cc bytes
/// (<see cref="TransportCc.TryWriteFromArrivals"/>) that travel back uncongested and are parsed before delivery.
/// Samples every 100 ms record the estimate and the worst queueing delay seen in that slice.
/// </summary>
internal sealed class SimulatedLink
{
    private const long Step = 1_000;
    private const long SampleInterval = 100_000;

    private readonly Random _random;
    private readonly List<long> _arrivals = [];
    private readonly List<(long At, byte[] Bytes)> _inFlightFeedback = [];
    private readonly byte[] _scratch = new byte[16_384];
    private long _linkFreeAt;
    private double _budgetBytes;
    private int _reported;
    private long _nextFeedback;
    private long _nextSample = SampleInterval;
    private long _sliceMaxQueue;
    private byte _feedbackCount;

    public SimulatedLink(BandwidthEstimatorOptions? options = null, int seed = 1, ushort firstSequence = 0)
    {
        Estimator = new SendSideBandwidthEstimator(options ?? new BandwidthEstimatorOptions());
        _random = new Random(seed);
        NextSequence = firstSequence;
        _nextFeedback = 50_000;
    }

    public SendSideBandwidthEstimator Estimator { get; }
    public long Now { get; private set; }
    public long CapacityBps { get; set; } = 1_000_000;
    public long PropagationMicros { get; set; } = 20_000;
    public long QueueLimitMicros { get; set; } = 500_000;
    public double LossRate { get; set; }
    public int PacketSize { get; set; } = 1_200;

    /// <summary>What the application would send at most (the allocator's layers), bits/s.</summary>
    public Func<long, long> Demand { get; set; } = _ => long.MaxValue;

    /// <summary>Added to every arrival time the receiver reports (its clock differs from ours).</summary>
    public long ReceiverClockOffset { get; set; } = 1_000_000;

    /// <summary>Deliver every feedback twice.</summary>
    public bool DuplicateFeedback { get; set; }

    /// <summary>Deliver feedback in swapped pairs (the second before the first).</summary>
    public bool ReorderFeedback { get; set; }

    /// <summary>Receiver stops sending feedback and sender stops sending (a pause) while this is true.</summary>
    public bool Paused { get; set; }

    public ushort NextSequence { get; private set; }
    public List<Sample> Samples { get; } = [];

    public readonly record struct Sample(long Time, long Estimate, long QueueDelay, long Acked, double Loss);

    public void RunUntil(long untilMicros)
    {
        while (Now < untilMicros)
        {
            Now += Step;
            DeliverFeedback();
            if (!Paused)
            {
                SendPaced();
                SendFeedbackIfDue();
            }

            if (Now >= _nextSample)
            {
                Samples.Add(new Sample(Now, Estimator.EstimateBitsPerSecond, _sliceMaxQueue,
                    Estimator.AckedBitsPerSecond, Estimator.LossFraction));
                _sliceMaxQueue = 0;
                _nextSample += SampleInterval;
            }
        }
    }

    public IEnumerable<Sample> Between(double fromSeconds, double toSeconds) =>
        Samples.Where(s => s.Time >= fromSeconds * 1e6 && s.Time <= toSeconds * 1e6);

    private void SendPaced()
    {
        var rate = Math.Min(Estimator.EstimateBitsPerSecond, Demand(Now));
        _budgetBytes = Math.Min(_budgetBytes + (rate * (Step / 1e6) / 8), 2.0 * PacketSize);
        while (_budgetBytes >= PacketSize)
        {
            _budgetBytes -= PacketSize;
            Estimator.OnPacketSent(NextSequence++, PacketSize, Now);
            _arrivals.Add(Transmit());
        }
    }

    /// <summary>Arrival time on our clock, or −1 when the packet is dropped.</summary>
    private long Transmit()
    {
        var queue = Math.Max(0, _linkFreeAt - Now);
        _sliceMaxQueue = Math.Max(_sliceMaxQueue, queue);
        if (queue > QueueLimitMicros)
        {
            return -1;
        }

        _linkFreeAt = Math.Max(_linkFreeAt, Now) + (PacketSize * 8L * 1_000_000 / CapacityBps);
        return _random.NextDouble() < LossRate ? -1 : _linkFreeAt + PropagationMicros;
    }

    private void SendFeedbackIfDue()
    {
        if (Now < _nextFeedback)
        {
            return;
        }

        _nextFeedback = Now + _random.Next(50_000, 100_001);
        var last = -1;
        for (var i = _arrivals.Count - 1; i >= _reported; i--)
        {
            if (_arrivals[i] >= 0 && _arrivals[i] <= Now)
            {
                last = i;
                break;
            }
        }

        if (last < 0)
        {
            return;
        }

        var times = new long[last - _reported + 1];
        for (var i = 0; i < times.Length; i++)
        {
            var arrival = _arrivals[_reported + i];
            times[i] = arrival < 0 || arrival > Now ? TransportCc.NotReceived : arrival + ReceiverClockOffset;
        }

        var baseSequence = (ushort)(NextSequence - (_arrivals.Count - _reported));
        Assert.True(TransportCc.TryWriteFromArrivals(_scratch, 0x11, 0x22, baseSequence, _feedbackCount++, times,
            out var written));
        _reported = last + 1;
        var at = Now + PropagationMicros;
        var bytes = _scratch[..written];
        _inFlightFeedback.Add((at, bytes));
        if (DuplicateFeedback)
        {
            _inFlightFeedback.Add((at + 5_000, bytes));
        }
    }

    private void DeliverFeedback()
    {
        if (ReorderFeedback && _inFlightFeedback.Count >= 2 && _inFlightFeedback[1].At <= Now)
        {
            Deliver(_inFlightFeedback[1].Bytes);
            Deliver(_inFlightFeedback[0].Bytes);
            _inFlightFeedback.RemoveRange(0, 2);
        }

        while (!ReorderFeedback && _inFlightFeedback.Count > 0 && _inFlightFeedback[0].At <= Now)
        {
            Deliver(_inFlightFeedback[0].Bytes);
            _inFlightFeedback.RemoveAt(0);
        }
    }

    private void Deliver(byte[] bytes)
    {
        Assert.True(TransportCc.TryParse(bytes, out var feedback));
        Estimator.OnFeedback(feedback, Now);
    }
}
