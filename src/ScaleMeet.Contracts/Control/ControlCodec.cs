using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScaleMeet.Contracts.Control;

/// <summary>
/// Reads and writes control envelopes as UTF-8 JSON. Decoding never throws: a problem comes back as a
/// <see cref="ControlDecodeError"/> naming it, with the envelope id when one could be read, so the reader can answer
/// with an error reply and keep the channel.
/// </summary>
public static class ControlCodec
{
    /// <summary>The discriminators <see cref="ControlMessage"/> declares: one list, read once.</summary>
    private static readonly HashSet<string> KnownTypes = typeof(ControlMessage)
        .GetCustomAttributes(typeof(JsonDerivedTypeAttribute), inherit: false)
        .Select(a => (string)((JsonDerivedTypeAttribute)a).TypeDiscriminator!)
        .ToHashSet(StringComparer.Ordinal);

    public static byte[] Encode(ControlEnvelope envelope) =>
        JsonSerializer.SerializeToUtf8Bytes(envelope, ControlJsonContext.Default.ControlEnvelope);

    public static string EncodeToString(ControlEnvelope envelope) =>
        JsonSerializer.Serialize(envelope, ControlJsonContext.Default.ControlEnvelope);

    /// <summary>Decodes one envelope, or returns false with the problem.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> utf8, out ControlEnvelope? envelope, out ControlDecodeError? error)
    {
        envelope = null;
        error = null;
        if (utf8.Length > ControlProtocol.MaxMessageBytes)
        {
            error = new ControlDecodeError(BridgeErrorCodes.Malformed, $"message is {utf8.Length} bytes; the limit is {ControlProtocol.MaxMessageBytes}", null);
            return false;
        }

        long? id = null;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            using var doc = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                error = new ControlDecodeError(BridgeErrorCodes.Malformed, "data after the control message; one message is one JSON object", null);
                return false;
            }

            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = new ControlDecodeError(BridgeErrorCodes.Malformed, "a control message must be a JSON object", null);
                return false;
            }

            if (root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.Number && idElement.TryGetInt64(out var readId))
            {
                id = readId;
            }

            if (!root.TryGetProperty("v", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v))
            {
                error = new ControlDecodeError(BridgeErrorCodes.Malformed, "missing number property 'v' (protocol version)", id);
                return false;
            }

            if (v != ControlProtocol.Version)
            {
                error = new ControlDecodeError(RefusalReasons.UnsupportedVersion, $"protocol version {v} is not supported (this side speaks {ControlProtocol.Version})", id);
                return false;
            }

            if (id is null)
            {
                error = new ControlDecodeError(BridgeErrorCodes.Malformed, "missing integer property 'id'", null);
                return false;
            }

            if (!root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                error = new ControlDecodeError(BridgeErrorCodes.Malformed, "missing object property 'message' with a string 'type'", id);
                return false;
            }

            var typeName = type.GetString()!;
            if (!KnownTypes.Contains(typeName))
            {
                error = new ControlDecodeError(BridgeErrorCodes.UnknownType, $"unknown control message type '{typeName}'", id);
                return false;
            }

            if (FindUnrepresentable(message, "message") is { } problem)
            {
                error = new ControlDecodeError(BridgeErrorCodes.Malformed, $"'{typeName}': {problem}", id);
                return false;
            }

            envelope = root.Deserialize(ControlJsonContext.Default.ControlEnvelope);
            if (envelope is null)
            {
                error = new ControlDecodeError(BridgeErrorCodes.Malformed, $"'{typeName}' could not be read", id);
                return false;
            }

            return true;
        }
        catch (JsonException ex)
        {
            error = new ControlDecodeError(BridgeErrorCodes.Malformed, $"not a valid control message: {ex.Message}", id);
            return false;
        }
        catch (InvalidOperationException ex)
        {
            // Text that is not valid UTF-8, or an escaped lone surrogate, surfaces here when a string is read.
            error = new ControlDecodeError(BridgeErrorCodes.Malformed, $"not a valid control message: {ex.Message}", id);
            return false;
        }
    }

    /// <summary>
    /// What the contract's types cannot hold, which the serializer would let through: a null element in a list (every
    /// list in the contract is of non-nullable elements) and a number beyond double's range (read as infinity, which
    /// <see cref="Encode"/> refuses). Null for none.
    /// </summary>
    private static string? FindUnrepresentable(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (FindUnrepresentable(property.Value, property.Name) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Null)
                    {
                        return $"list '{path}' holds a null element";
                    }

                    if (FindUnrepresentable(item, path) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.Number when !double.IsFinite(element.GetDouble()):
                return $"number '{path}' is beyond the range of a double";
            default:
                return null;
        }
    }
}
