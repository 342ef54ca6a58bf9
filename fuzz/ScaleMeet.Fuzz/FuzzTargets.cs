using ScaleMeet.Fuzz.Targets;

namespace ScaleMeet.Fuzz;

/// <summary>Every target, by name.</summary>
internal static class FuzzTargets
{
    public static readonly IReadOnlyList<IFuzzTarget> All =
    [
        new StunTarget(),
        new RtpTarget(),
        new RtcpTarget(),
        new SdpTarget(),
        new DtlsScreenTarget(),
        new Vp8Target(),
        new SignalingTarget(),
        new RelayTarget(),
    ];

    public static IFuzzTarget? Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}
