namespace ScaleMeet.LoadTest.Running;

/// <summary>
/// The media one participant publishes on its connected publish transport.
/// <para>Threading: <see cref="SendDue"/> and <see cref="SendReports"/> on the pacing thread; <see cref="RequestKeyframe"/> on
/// the transport's receive thread (implementations make it thread-safe).</para>
/// </summary>
public interface IMediaSender
{
    /// <summary>Sends every packet due by <paramref name="nowMs"/> (ms since the run's origin).</summary>
    void SendDue(double nowMs);

    /// <summary>The server asked for a keyframe of <paramref name="ssrc"/>: that stream jumps to its next keyframe.</summary>
    void RequestKeyframe(uint ssrc);

    /// <summary>Sends an RTCP sender report for each stream being sent (once a second).</summary>
    void SendReports(double nowMs);
}
