using System.Text.Json.Serialization;

namespace ScaleMeet.Server;

/// <summary><c>GET /health</c>'s body.</summary>
internal sealed record HealthStatus(string Status);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(StatsDocument))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
