using ScaleMeet.Bridge.Routing;
using ScaleMeet.Media.Rates;

namespace ScaleMeet.Bridge.Transport;

/// <summary>
/// One transport's share of the <see cref="BudgetOptions"/>: RTCP compounds per second (every transport) and, on a
/// subscribe transport, the transport-cc statuses per second its feedback may cost and the bytes it may have
/// retransmitted. Loop thread only.
/// </summary>
internal sealed class TransportBudgets
{
    public TransportBudgets(BudgetOptions options, TransportRole role, TimeProvider time)
    {
        var now = time.GetTimestamp();
        var frequency = time.TimestampFrequency;
        Rtcp = new TokenBucket(options.RtcpPerSecond, options.RtcpBurst, frequency, now);
        if (role == TransportRole.Subscribe)
        {
            TransportCcStatuses = new TokenBucket(options.TransportCcStatusesPerSecond, options.TransportCcStatusesPerSecond, frequency, now);
            Retransmit = new RetransmitBudget(options.RetransmitShare, options.RetransmitBurstBytes);
        }
    }

    /// <summary>RTCP compounds (one token each), taken after SRTCP authentication.</summary>
    public TokenBucket Rtcp { get; }

    /// <summary>Packet statuses of transport-cc feedback the estimator may walk (subscribe transports).</summary>
    public TokenBucket? TransportCcStatuses { get; }

    /// <summary>Bytes of RTX this receiver may be sent (subscribe transports).</summary>
    public RetransmitBudget? Retransmit { get; }
}
