namespace ScaleMeet.LoadTest.Hostile;

/// <summary>
/// Sends one <see cref="FeedbackAttack"/> from a <see cref="HostileReceiver"/> at a steady rate for a while, as real
/// SRTCP on its subscribe connection (authenticated: the bridge takes it for the receiver's own feedback).
/// </summary>
public static class FeedbackAttacker
{
    /// <summary>Bytes of each NACK storm compound (26 NACK packets, as in the probe that found the problem).</summary>
    public const int NackCompoundLength = 26 * NackStorm.PacketLength;

    /// <summary>Sequence numbers back from the newest that the storm asks for (a bridge keeps 512 per sender).</summary>
    public const int NackSpan = 512;

    /// <summary>
    /// Sends <paramref name="attack"/> <paramref name="perSecond"/> times a second for <paramref name="duration"/> and
    /// returns how many packets went out. The NACK storm needs a video stream: it waits for one (until cancelled).
    /// </summary>
    public static Task<int> RunAsync(HostileReceiver receiver, FeedbackAttack attack, TimeSpan duration, double perSecond,
        CancellationToken cancellationToken) =>
        RunAsync(receiver, attack, DateTime.UtcNow + duration, int.MaxValue, perSecond, cancellationToken);

    /// <summary>
    /// Tries <paramref name="count"/> packets of <paramref name="attack"/>, at most <paramref name="perSecond"/> a second
    /// (on a busy machine it takes longer, never faster), and returns how many went out.
    /// </summary>
    public static Task<int> RunAsync(HostileReceiver receiver, FeedbackAttack attack, int count, double perSecond, CancellationToken cancellationToken) =>
        RunAsync(receiver, attack, DateTime.MaxValue, count, perSecond, cancellationToken);

    private static async Task<int> RunAsync(HostileReceiver receiver, FeedbackAttack attack, DateTime stopAt, int count, double perSecond,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(perSecond, 0);
        var buffer = new byte[1500];
        var sent = 0;
        var tried = 0;
        var interval = TimeSpan.FromSeconds(1 / perSecond);
        using var timer = new PeriodicTimer(interval);
        byte feedbackCount = 0;
        while (tried < count && DateTime.UtcNow < stopAt && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            int length;
            if (attack == FeedbackAttack.NackStorm)
            {
                if (!receiver.TryGetVideo(out var ssrc, out var newest))
                {
                    continue;
                }

                length = NackStorm.Write(buffer, receiver.RtcpSsrc, ssrc, newest, NackSpan, NackCompoundLength);
            }
            else
            {
                length = TransportCcFlood.Write(buffer, receiver.RtcpSsrc, 0, (ushort)Random.Shared.Next(0, 0x10000), 0, feedbackCount++);
            }

            tried++;
            if (receiver.Subscribe.SendRtcp(buffer.AsSpan(0, length)))
            {
                sent++;
            }
        }

        return sent;
    }
}
