using ScaleMeet.Media.Rtp;

namespace ScaleMeet.LoadTest.Measurement;

/// <summary>What one received media stream looks like (one SSRC).</summary>
public enum StreamKind
{
    Audio,
    Video,
}

/// <summary>
/// Receive statistics of one RTP stream: packets, bytes, loss from sequence gaps, RFC 3550 interarrival jitter and,
/// for video, complete frames (the marker bit) and freezes (no frame for more than <see cref="FreezeThresholdMs"/>
/// once the stream had started). Times are <see cref="Environment.TickCount64"/>-like milliseconds given by the caller.
/// <para>Threading: not thread-safe; its owner (<see cref="ParticipantStatistics"/>) serializes access.</para>
/// </summary>
public sealed class ReceivedStream
{
    /// <summary>A gap between two video frames longer than this is a freeze (what people see as a stall).</summary>
    public const double FreezeThresholdMs = 500;

    private readonly int _clockRate;
    private SequenceUnwrapper _sequence;
    private long _firstSequence = -1;
    private long _highestSequence = -1;
    private double _lastTransit = double.NaN;
    private double _jitter;

    public ReceivedStream(uint ssrc, StreamKind kind, int clockRate)
    {
        Ssrc = ssrc;
        Kind = kind;
        _clockRate = clockRate;
    }

    public uint Ssrc { get; }

    public StreamKind Kind { get; }

    public long Packets { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>Packets the sequence numbers say were sent, from the first to the highest received.</summary>
    public long Expected => _firstSequence < 0 ? 0 : _highestSequence - _firstSequence + 1;

    public long Lost => Math.Max(0, Expected - Packets);

    public long Frames { get; private set; }

    public int Freezes { get; private set; }

    /// <summary>Time of the first complete frame (video) or packet (audio), ms; −1 before.</summary>
    public double FirstFrameAtMs { get; private set; } = -1;

    public double LastFrameAtMs { get; private set; } = -1;

    /// <summary>RFC 3550 §6.4.1 interarrival jitter, ms.</summary>
    public double JitterMs => _jitter * 1000.0 / _clockRate;

    /// <summary>Accounts one packet that arrived at <paramref name="nowMs"/>.</summary>
    public void OnPacket(in RtpHeader header, int length, double nowMs)
    {
        Packets++;
        Bytes += length;
        var sequence = _sequence.Unwrap(header.SequenceNumber);
        if (_firstSequence < 0)
        {
            _firstSequence = sequence;
            _highestSequence = sequence;
        }
        else if (sequence > _highestSequence)
        {
            _highestSequence = sequence;
        }
        else if (sequence < _firstSequence)
        {
            _firstSequence = sequence;
        }

        // Transit in clock units; the difference of two transits is what matters, so the epoch does not.
        var transit = (nowMs * _clockRate / 1000.0) - header.Timestamp;
        if (!double.IsNaN(_lastTransit))
        {
            var d = Math.Abs(transit - _lastTransit);
            if (d < _clockRate * 10.0)
            {
                _jitter += (d - _jitter) / 16.0;
            }
        }

        _lastTransit = transit;
        if (Kind == StreamKind.Audio)
        {
            MarkFrame(nowMs);
        }
        else if (header.Marker)
        {
            Frames++;
            MarkFrame(nowMs);
        }
    }

    /// <summary>
    /// True once the server's offer no longer carries the stream (its track went; the section may carry another
    /// track now, under a new SSRC): its silence from then on is no freeze and it is left out of receiver reports.
    /// </summary>
    public bool Ended { get; private set; }

    public void End() => Ended = true;

    /// <summary>Counts a freeze that is still going on at <paramref name="nowMs"/> (the run ends during it); never for an ended stream.</summary>
    public bool IsFrozenAt(double nowMs) => !Ended && LastFrameAtMs >= 0 && nowMs - LastFrameAtMs > FreezeThresholdMs;

    private void MarkFrame(double nowMs)
    {
        if (FirstFrameAtMs < 0)
        {
            FirstFrameAtMs = nowMs;
        }
        else if (Kind == StreamKind.Video && nowMs - LastFrameAtMs > FreezeThresholdMs)
        {
            Freezes++;
        }

        LastFrameAtMs = nowMs;
    }
}
