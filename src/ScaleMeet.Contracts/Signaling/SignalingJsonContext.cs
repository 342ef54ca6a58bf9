using System.Text.Json.Serialization;

namespace ScaleMeet.Contracts.Signaling;

/// <summary>Source-generated JSON for the signaling protocol: camelCase, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(SignalingMessage))]
public sealed partial class SignalingJsonContext : JsonSerializerContext;
