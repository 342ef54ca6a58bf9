namespace ScaleMeet.LoadTest.SyntheticMedia;

/// <summary>
/// Where a publisher's RTP packets go (e.g. a synthetic transport that protects and sends them). The span is only
/// valid during the call: copy it to keep it. Called on the publisher's pacing thread.
/// </summary>
public interface IRtpSink
{
    /// <summary>Takes one plain RTP packet; false when it could not be sent (counted by the publisher).</summary>
    bool SendRtp(ReadOnlySpan<byte> packet);
}
