namespace ScaleMeet.LoadTest.Sampling;

/// <summary>A bridge's own process figures from its <c>/stats</c>: CPU seconds used since start and resident memory.</summary>
public sealed record BridgeProcessFigures(double CpuSeconds, double RssMb);
