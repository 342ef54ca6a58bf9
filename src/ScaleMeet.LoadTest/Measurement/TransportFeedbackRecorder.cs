using System.Buffers.Binary;
using ScaleMeet.Media.Rtcp;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.LoadTest.Measurement;

/// <summary>
/// The receiver half of transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions-01), as a
/// browser does it: remembers when each transport-wide sequence number arrived and, when asked (every ~50 ms), writes
/// transport-cc feedback for everything since the last feedback, so the server's bandwidth estimator sees real arrivals.
/// <para>Threading: <see cref="OnRtp"/> on the transport's receive thread, <see cref="WriteFeedback"/> on the pacing
/// thread; one lock. No allocation after construction.</para>
/// </summary>
public sealed class TransportFeedbackRecorder
{
    /// <summary>Most packets one feedback message reports (keeps it well under the MTU).</summary>
    public const int MaxPacketsPerMessage = 250;

    private const int Window = 1 << 13;

    private readonly object _lock = new();
    private readonly long[] _arrivals = new long[Window];
    private readonly long[] _scratch = new long[MaxPacketsPerMessage];
    private SequenceUnwrapper _unwrapper;
    private long _next = -1;
    private long _highest = -1;
    private byte _feedbackCount;
    private volatile byte _extensionId;

    /// <summary>The header extension id of transport-wide sequence numbers in the server's offer; 0 = not negotiated.</summary>
    public byte ExtensionId
    {
        get => _extensionId;
        set => _extensionId = value;
    }

    /// <summary>Feedback messages written so far.</summary>
    public long MessagesWritten { get; private set; }

    /// <summary>Parses <paramref name="packet"/> and records it as arrived at <paramref name="nowMs"/>.</summary>
    public void OnRtpAt(ReadOnlySpan<byte> packet, double nowMs)
    {
        if (_extensionId != 0 && RtpHeader.TryParse(packet, out var header))
        {
            OnRtp(packet, header, (long)(nowMs * 1000));
        }
    }

    /// <summary>Records the arrival of <paramref name="packet"/> at <paramref name="arrivalMicroseconds"/> if it carries the extension.</summary>
    public void OnRtp(ReadOnlySpan<byte> packet, in RtpHeader header, long arrivalMicroseconds)
    {
        var id = _extensionId;
        if (id == 0 || !header.Extension || !TryReadSequence(packet, header, id, out var sequence))
        {
            return;
        }

        lock (_lock)
        {
            var unwrapped = _unwrapper.Unwrap(sequence);
            if (_next < 0)
            {
                _next = unwrapped;
                Array.Fill(_arrivals, TransportCc.NotReceived);
            }

            if (unwrapped < _next || unwrapped - _next >= Window)
            {
                return; // reported already, or too far ahead of what we reported (the writer catches up)
            }

            _arrivals[unwrapped & (Window - 1)] = arrivalMicroseconds;
            _highest = Math.Max(_highest, unwrapped);
        }
    }

    /// <summary>
    /// Writes one transport-cc message for the packets since the last one (at most <see cref="MaxPacketsPerMessage"/>;
    /// call again while it returns true). False when there is nothing to report.
    /// </summary>
    public bool WriteFeedback(Span<byte> destination, uint senderSsrc, uint mediaSsrc, out int written)
    {
        written = 0;
        lock (_lock)
        {
            if (_next < 0 || _highest < _next)
            {
                return false;
            }

            var count = (int)Math.Min(MaxPacketsPerMessage, _highest - _next + 1);
            for (var i = 0; i < count; i++)
            {
                var slot = (_next + i) & (Window - 1);
                _scratch[i] = _arrivals[slot];
                _arrivals[slot] = TransportCc.NotReceived;
            }

            var ok = TransportCc.TryWriteFromArrivals(destination, senderSsrc, mediaSsrc, (ushort)_next, _feedbackCount,
                _scratch.AsSpan(0, count), out written);
            _next += count;
            if (ok)
            {
                _feedbackCount++;
                MessagesWritten++;
            }

            return ok;
        }
    }

    private static bool TryReadSequence(ReadOnlySpan<byte> packet, in RtpHeader header, byte id, out ushort sequence)
    {
        sequence = 0;
        var elements = packet.Slice(header.ExtensionOffset, header.ExtensionLength);
        foreach (var extension in new RtpExtensionEnumerator(elements, header.ExtensionProfile))
        {
            if (extension.Id == id && extension.Value.Length >= 2)
            {
                sequence = BinaryPrimitives.ReadUInt16BigEndian(extension.Value);
                return true;
            }
        }

        return false;
    }
}
