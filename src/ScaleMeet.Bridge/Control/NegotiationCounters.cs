using ScaleMeet.Bridge.Negotiation;

namespace ScaleMeet.Bridge.Control;

/// <summary>SDP the bridge refused, by the bound it broke (<see cref="NegotiationLimit.None"/>: malformed or unusable). Any thread.</summary>
internal sealed class NegotiationCounters
{
    private readonly long[] _refused = new long[Enum.GetValues<NegotiationLimit>().Length];

    public void OnRefused(NegotiationLimit limit) => Interlocked.Increment(ref _refused[(int)limit]);

    public long Refused(NegotiationLimit limit) => Interlocked.Read(ref _refused[(int)limit]);
}
