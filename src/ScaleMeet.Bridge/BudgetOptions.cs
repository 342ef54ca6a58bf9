using System.Globalization;

namespace ScaleMeet.Bridge;

/// <summary>
/// What one participant may cost everyone else on the bridge's media loop: budgets for the feedback receivers send
/// (NACK, transport-cc, keyframe requests, RTCP as a whole), bounds on per-SSRC SRTP state and on ICE state per
/// transport. Bound from <c>ScaleMeet:Bridge:Budgets</c>; validated at start-up by <see cref="Validate"/>, which
/// names the setting. docs/security.md explains each default. Raising a budget lets one hostile participant take
/// more loop time from every conference; lowering it below what browsers send costs real receivers their repairs.
/// </summary>
public sealed class BudgetOptions
{
    /// <summary>
    /// A packet is resent to one receiver at most once per its round-trip time (measured from its receiver reports),
    /// and never more often than this floor. Default 20 ms.
    /// </summary>
    public TimeSpan RetransmitMinInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The round-trip time assumed for a receiver before one is measured. Default 100 ms (as mediasoup).</summary>
    public TimeSpan RetransmitDefaultRoundTrip { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Bytes retransmitted to one receiver over time are at most this share of the media bytes sent to it. Default
    /// 0.25 (a receiver losing a quarter of its packets gets no better by asking for more).
    /// </summary>
    public double RetransmitShare { get; set; } = 0.25;

    /// <summary>The most bytes one receiver can have retransmitted at once (its budget starts full). Default 131 072 (128 KiB).</summary>
    public int RetransmitBurstBytes { get; set; } = 128 * 1024;

    /// <summary>Sequence numbers of one RTCP compound's NACKs that are looked at; the rest are refused. Default 256.</summary>
    public int MaxNackedPacketsPerCompound { get; set; } = 256;

    /// <summary>RTCP compounds accepted per transport per second, after SRTCP authentication (token bucket). Default 300.</summary>
    public double RtcpPerSecond { get; set; } = 300;

    /// <summary>The RTCP bucket's size: compounds accepted at once after a quiet spell. Default 100.</summary>
    public int RtcpBurst { get; set; } = 100;

    /// <summary>A transport-cc feedback declaring more packet statuses than this is refused unparsed. Default 2048.</summary>
    public int MaxTransportCcStatuses { get; set; } = 2048;

    /// <summary>
    /// Packet statuses one receiver's transport-cc feedback may make the bandwidth estimator walk per second (token
    /// bucket holding one second's worth); feedback beyond it is dropped. Default 20 000 (10 × a 20 Mbit/s stream).
    /// </summary>
    public int TransportCcStatusesPerSecond { get; set; } = 20_000;

    /// <summary>
    /// One receiver's keyframe requests (PLI, FIR) for one track are passed on at most once per this interval, on top
    /// of the per-sender limit (<c>KeyframeRequestInterval</c>). Default 1 s.
    /// </summary>
    public TimeSpan ReceiverKeyframeRequestInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// SSRCs with SRTP state per SRTP session (one direction of one transport); packets of further SSRCs are dropped.
    /// Default 1024 (a receive connection uses two per track it receives).
    /// </summary>
    public int MaxSrtpStreams { get; set; } = 1024;

    /// <summary>Remote addresses remembered per transport (that passed a connectivity check); the oldest unused one makes room. Default 16.</summary>
    public int MaxRemoteAddresses { get; set; } = 16;

    /// <summary>STUN transaction ids remembered per transport, so a replayed Binding request changes nothing. Default 64.</summary>
    public int IceTransactionMemory { get; set; } = 64;

    /// <summary>Returns the first problem found, naming the setting under <paramref name="section"/>, or null.</summary>
    public string? Validate(string section)
    {
        var p = section + ":Budgets";
        if (RetransmitMinInterval < TimeSpan.FromMilliseconds(1) || RetransmitMinInterval > TimeSpan.FromSeconds(5))
        {
            return $"{p}:RetransmitMinInterval must be 00:00:00.001 .. 00:00:05 (was {RetransmitMinInterval})";
        }

        if (RetransmitDefaultRoundTrip < RetransmitMinInterval || RetransmitDefaultRoundTrip > TimeSpan.FromSeconds(5))
        {
            return $"{p}:RetransmitDefaultRoundTrip must be RetransmitMinInterval .. 00:00:05 (was {RetransmitDefaultRoundTrip})";
        }

        if (!(RetransmitShare is >= 0 and <= 1))
        {
            return $"{p}:RetransmitShare must be 0 .. 1 (was {Format(RetransmitShare)})";
        }

        if (RetransmitBurstBytes is < 1500 or > 16 * 1024 * 1024)
        {
            return $"{p}:RetransmitBurstBytes must be 1500 .. 16777216 (was {RetransmitBurstBytes})";
        }

        if (MaxNackedPacketsPerCompound is < 17 or > 65536)
        {
            return $"{p}:MaxNackedPacketsPerCompound must be 17 .. 65536 (was {MaxNackedPacketsPerCompound})";
        }

        if (!(RtcpPerSecond is >= 1 and <= 100_000))
        {
            return $"{p}:RtcpPerSecond must be 1 .. 100000 (was {Format(RtcpPerSecond)})";
        }

        if (RtcpBurst is < 1 or > 100_000)
        {
            return $"{p}:RtcpBurst must be 1 .. 100000 (was {RtcpBurst})";
        }

        if (MaxTransportCcStatuses is < 16 or > 65535)
        {
            return $"{p}:MaxTransportCcStatuses must be 16 .. 65535 (was {MaxTransportCcStatuses})";
        }

        if (TransportCcStatusesPerSecond < MaxTransportCcStatuses || TransportCcStatusesPerSecond > 10_000_000)
        {
            return $"{p}:TransportCcStatusesPerSecond must be MaxTransportCcStatuses .. 10000000 (was {TransportCcStatusesPerSecond})";
        }

        if (ReceiverKeyframeRequestInterval < TimeSpan.Zero || ReceiverKeyframeRequestInterval > TimeSpan.FromSeconds(10))
        {
            return $"{p}:ReceiverKeyframeRequestInterval must be 0 .. 00:00:10 (was {ReceiverKeyframeRequestInterval})";
        }

        if (MaxSrtpStreams is < 8 or > 65536)
        {
            return $"{p}:MaxSrtpStreams must be 8 .. 65536 (was {MaxSrtpStreams})";
        }

        if (MaxRemoteAddresses is < 2 or > 256)
        {
            return $"{p}:MaxRemoteAddresses must be 2 .. 256 (was {MaxRemoteAddresses})";
        }

        return IceTransactionMemory is < 1 or > 4096 ? $"{p}:IceTransactionMemory must be 1 .. 4096 (was {IceTransactionMemory})" : null;
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
