using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScaleMeet.LoadTest.Results;

/// <summary>Reads and writes <see cref="LoadResults"/> as camelCase JSON (the <c>--out</c> file).</summary>
public static class ResultsJson
{
    public static string Serialize(LoadResults results) => JsonSerializer.Serialize(results, ResultsJsonContext.Default.LoadResults);

    public static LoadResults? Deserialize(string json) => JsonSerializer.Deserialize(json, ResultsJsonContext.Default.LoadResults);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(LoadResults))]
internal sealed partial class ResultsJsonContext : JsonSerializerContext;
