using System.Runtime.CompilerServices;
using ScaleMeet.Media.Rtcp;

namespace ScaleMeet.Bridge.Bandwidth;

/// <summary>
/// Send-side bandwidth estimate towards one receiver (one per subscribe transport), GCC-like, fed by
/// transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01):
/// <list type="bullet">
/// <item>every packet we stamp is remembered (<see cref="SentPacketHistory"/>); feedback for numbers we never
/// sent, or sent too long ago, is ignored; a packet reported twice counts once;</item>
/// <item>received packets give the acked rate (<see cref="AckedBitrateEstimator"/>) and, grouped into 5 ms send
/// bursts, the delay variation that drives the trendline overuse detector and the AIMD delay-based rate;</item>
/// <item>the loss of each window of reported packets drives the loss-based target;</item>
/// <item>the estimate is min(loss-based, delay-based), clamped to [min, max]; growth stops at 1.5 × acked + margin
/// unless we are application-limited (sending well under the estimate), where it continues at the same slow
/// pace up to 4 × acked so the layer allocator can step up;</item>
/// <item>no feedback for more than the gap time holds the estimate: nothing decreases, no growth is credited, and
/// delay measurement restarts.</item>
/// </list>
/// Threading: loop-thread only (the transport's media loop). No allocation after construction.
/// </summary>
internal sealed class SendSideBandwidthEstimator
{
    private const int ReferenceTimeBits = 24;

    private readonly BandwidthEstimatorOptions _options;
    private readonly SentPacketHistory _history;
    private readonly AckedBitrateEstimator _acked;
    private readonly PacketGrouper _grouper;
    private readonly TrendlineEstimator _trendline;
    private readonly DelayBasedRateControl _delay;
    private readonly LossBasedController _loss;
    private readonly long _feedbackGap;
    private long _target;
    private long _lastSignaled;
    private long _lastFeedback = -1;
    private long _newestDelaySequence = -1;
    private bool _referenceStarted;
    private int _lastReferenceTime;
    private long _referenceUnwrapped;

    public SendSideBandwidthEstimator(BandwidthEstimatorOptions options)
    {
        var problem = options.Validate();
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _options = options;
        _history = new SentPacketHistory(options.HistorySize, BandwidthEstimatorOptions.Micros(options.SendRateWindow));
        _acked = new AckedBitrateEstimator(options.HistorySize, BandwidthEstimatorOptions.Micros(options.AckedWindow));
        _grouper = new PacketGrouper(BandwidthEstimatorOptions.Micros(options.GroupSpan));
        _trendline = new TrendlineEstimator(options.TrendlineWindow, options.TrendlineSmoothing, options.TrendlineGain,
            options.InitialThresholdMs, options.OveruseTime.TotalMilliseconds);
        _delay = new DelayBasedRateControl(options);
        _loss = new LossBasedController(options);
        _feedbackGap = BandwidthEstimatorOptions.Micros(options.FeedbackGap);
        _target = _lastSignaled = options.InitialBitrate;
    }

    /// <summary>Current target, bits/s, within [MinBitrate, MaxBitrate].</summary>
    public long EstimateBitsPerSecond => _target;

    /// <summary>Loss fraction of the last closed loss window (about the last 100 reported packets), 0..1.</summary>
    public double LossFraction => _loss.LossFraction;

    /// <summary>Delivery rate the receiver reported over the last ~500 ms of arrivals, bits/s; 0 until known.</summary>
    public long AckedBitsPerSecond => _acked.BitsPerSecond;

    /// <summary>The delay-based detector's current hypothesis.</summary>
    public BandwidthUsage DelayState => _trendline.State;

    /// <summary>The delay-based rate alone, bits/s (for diagnostics).</summary>
    public long DelayBasedBitsPerSecond => _delay.Rate;

    /// <summary>Every RTP packet sent on the transport, with the transport-wide sequence number we stamped.</summary>
    public void OnPacketSent(ushort transportSequence, int sizeBytes, long sendTimeMicros) =>
        _history.Add(transportSequence, sizeBytes, sendTimeMicros);

    /// <summary>
    /// One parsed feedback message; <paramref name="nowMicros"/> is when it reached us. A message that says nothing
    /// new about packets we sent (unknown numbers, a duplicate) changes nothing.
    /// </summary>
    public void OnFeedback(in TransportCc feedback, long nowMicros)
    {
        if (_lastFeedback >= 0 && nowMicros - _lastFeedback > _feedbackGap)
        {
            _grouper.Reset();
            _trendline.Reset();
            _loss.Restart(nowMicros);
            _delay.Restart(nowMicros);
        }

        var arrivalOffset = (UnwrapReferenceTime(feedback.ReferenceTime) * TransportCc.ReferenceTimeTickMicroseconds)
            - feedback.ReferenceTimeMicroseconds;
        var news = 0;
        foreach (var packet in feedback)
        {
            ref var sent = ref _history.Find(packet.SequenceNumber);
            if (Unsafe.IsNullRef(ref sent) || sent.State == SentPacketState.Received)
            {
                continue;
            }

            if (!packet.Received)
            {
                if (sent.State == SentPacketState.Unreported)
                {
                    sent.State = SentPacketState.Lost;
                    _loss.OnReported(lost: true);
                    news++;
                }

                continue;
            }

            news++;

            if (sent.State == SentPacketState.Lost)
            {
                _loss.OnRecovered();
            }
            else
            {
                _loss.OnReported(lost: false);
            }

            sent.State = SentPacketState.Received;
            var arrival = packet.ArrivalTimeMicroseconds + arrivalOffset;
            _acked.Add(arrival, sent.Size);
            if (sent.Sequence > _newestDelaySequence)
            {
                _newestDelaySequence = sent.Sequence;
                if (_grouper.Add(sent.SendTime, arrival, out var sendDelta, out var arrivalDelta, out var groupArrival))
                {
                    _trendline.Update(sendDelta, arrivalDelta, groupArrival, nowMicros);
                }
            }
        }

        if (news == 0)
        {
            // Nothing we sent, or nothing new (a duplicate): no evidence, so no growth either.
            return;
        }

        _lastFeedback = Math.Max(_lastFeedback, nowMicros);
        _acked.Update();
        UpdateEstimate(nowMicros);
    }

    /// <summary>
    /// True when the estimate moved more than the significant fraction (15 %) since the last time this returned
    /// true (or since the start); the caller then re-runs layer allocation.
    /// </summary>
    public bool TakeSignificantChange()
    {
        if (Math.Abs(_target - _lastSignaled) <= _options.SignificantChangeFraction * _lastSignaled)
        {
            return false;
        }

        _lastSignaled = _target;
        return true;
    }

    private void UpdateEstimate(long now)
    {
        var acked = _acked.BitsPerSecond;
        var cap = long.MaxValue;
        if (acked > 0)
        {
            var applicationLimited = _history.SendBitsPerSecond(now) < _options.ApplicationLimitedFraction * _target;
            var ratio = applicationLimited ? _options.ApplicationLimitedRatioCap : _options.AckedRatioCap;
            cap = (long)(ratio * acked) + _options.AckedMargin;
        }

        _delay.Update(_trendline.State, acked, cap, now);
        var lossBased = _loss.Update(_target, now);
        _target = Math.Clamp(Math.Min(lossBased, _delay.Rate), _options.MinBitrate, _options.MaxBitrate);
    }

    /// <summary>The 24-bit reference time unwrapped to the nearest value around the previous one (64 ms ticks).</summary>
    private long UnwrapReferenceTime(int referenceTime)
    {
        if (!_referenceStarted)
        {
            _referenceStarted = true;
            _referenceUnwrapped = referenceTime;
        }
        else
        {
            var diff = ((referenceTime - _lastReferenceTime) << (32 - ReferenceTimeBits)) >> (32 - ReferenceTimeBits);
            _referenceUnwrapped += diff;
        }

        _lastReferenceTime = referenceTime;
        return _referenceUnwrapped;
    }
}
