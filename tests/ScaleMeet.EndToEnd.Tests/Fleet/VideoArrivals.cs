using System.Diagnostics;
using ScaleMeet.LoadTest.Signaling;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.EndToEnd.Tests.Fleet;

/// <summary>
/// Counts the video packets a synthetic receiver gets from one sender (by the SSRC its latest subscribe offer gives
/// that sender), and notes when the first one arrived after the receiver handled <c>moved</c>. Runs on the receive thread.
/// </summary>
internal sealed class VideoArrivals(SignalingParticipant receiver, string senderId)
{
    private int _count;
    private long _firstAfterMove;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The <see cref="Stopwatch"/> timestamp of the first video packet after a move; null before one came.</summary>
    public long? FirstAfterMove => Interlocked.Read(ref _firstAfterMove) is var t && t != 0 ? t : null;

    public void OnRtp(ReadOnlySpan<byte> packet)
    {
        if (!RtpHeader.TryParse(packet, out var header) || receiver.SubscribedSsrc(senderId, "video") != header.Ssrc)
        {
            return;
        }

        Interlocked.Increment(ref _count);
        if (receiver.Moves >= 1)
        {
            Interlocked.CompareExchange(ref _firstAfterMove, Stopwatch.GetTimestamp(), 0);
        }
    }
}
