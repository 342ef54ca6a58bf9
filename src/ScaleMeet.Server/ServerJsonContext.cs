using System.Text.Json.Serialization;

namespace ScaleMeet.Server;

/// <summary>The body of <c>GET /health</c> and <c>GET /ready</c>.</summary>
internal sealed record HealthStatus(string Status);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(StatsDocument))]
[JsonSerializable(typeof(BridgesDocument))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;

/// <summary>The body of <c>GET /api/bridges</c>.</summary>
internal sealed record BridgesDocument(string FocusId, IReadOnlyList<ScaleMeet.Focus.Bridges.BridgeView> Bridges);
