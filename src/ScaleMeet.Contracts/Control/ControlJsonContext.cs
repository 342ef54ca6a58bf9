using System.Text.Json.Serialization;

namespace ScaleMeet.Contracts.Control;

/// <summary>Source-generated JSON for the control protocol: camelCase, nulls omitted, every constructor field required.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ControlEnvelope))]
public sealed partial class ControlJsonContext : JsonSerializerContext;
