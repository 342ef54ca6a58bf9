using System.Text.Json;

namespace ScaleMeet.Contracts.Signaling;

/// <summary>
/// Reads and writes signaling messages. Decoding never throws: a problem comes back as an
/// <see cref="ErrorMessage"/> naming it, with the request id when one could be read.
/// </summary>
public static class SignalingCodec
{
    public const int MaxMessageBytes = 256 * 1024;

    private static readonly HashSet<string> KnownTypes =
    [
        "join", "publishOffer", "subscribeAnswer", "setMuted", "leave", "ping", "receiverConstraints",
        "joined", "participantJoined", "participantLeft", "participantMuted", "publishAnswer", "subscribeOffer", "pong", "error",
        "dominantSpeaker", "senderConstraints",
        "setRoomPassword", "roomLocked", "roleChanged", "moved", "resume", "resumed",
    ];

    public static byte[] Encode(SignalingMessage message) =>
        JsonSerializer.SerializeToUtf8Bytes(message, SignalingJsonContext.Default.SignalingMessage);

    public static string EncodeToString(SignalingMessage message) =>
        JsonSerializer.Serialize(message, SignalingJsonContext.Default.SignalingMessage);

    /// <summary>Decodes one message, or returns false with an error to send back.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> utf8, out SignalingMessage? message, out ErrorMessage? error)
    {
        message = null;
        error = null;
        if (utf8.Length > MaxMessageBytes)
        {
            error = new ErrorMessage(SignalingErrorCodes.Malformed, $"message is {utf8.Length} bytes; the limit is {MaxMessageBytes}");
            return false;
        }

        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            error = new ErrorMessage(SignalingErrorCodes.Malformed, "message is not valid UTF-8");
            return false;
        }

        int? requestId = null;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = new ErrorMessage(SignalingErrorCodes.Malformed, "a message must be a JSON object");
                return false;
            }

            if (root.TryGetProperty("requestId", out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt32(out var rid))
            {
                requestId = rid;
            }

            if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                error = new ErrorMessage(SignalingErrorCodes.Malformed, "missing string property 'type'") { RequestId = requestId };
                return false;
            }

            var typeName = type.GetString()!;
            if (!KnownTypes.Contains(typeName))
            {
                error = new ErrorMessage(SignalingErrorCodes.UnknownType, $"unknown message type '{typeName}'") { RequestId = requestId };
                return false;
            }

            message = root.Deserialize(SignalingJsonContext.Default.SignalingMessage);
            if (message is null)
            {
                error = new ErrorMessage(SignalingErrorCodes.Malformed, $"'{typeName}' could not be read") { RequestId = requestId };
                return false;
            }

            return true;
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } p ? $" at {p}" : string.Empty;
            error = new ErrorMessage(SignalingErrorCodes.Malformed, $"invalid JSON{where}: {FirstSentence(ex.Message)}") { RequestId = requestId };
            return false;
        }
        catch (NotSupportedException ex)
        {
            error = new ErrorMessage(SignalingErrorCodes.Malformed, FirstSentence(ex.Message)) { RequestId = requestId };
            return false;
        }
        catch (InvalidOperationException ex)
        {
            // Valid UTF-8 and valid JSON, but a string escape that is not UTF-16 ("\ud800", a lone surrogate): the
            // reader refuses to turn it into a string. Decoding still must not throw (SignalingCodecTests).
            error = new ErrorMessage(SignalingErrorCodes.Malformed, $"invalid JSON: {FirstSentence(ex.Message)}") { RequestId = requestId };
            return false;
        }
    }

    private static string FirstSentence(string text)
    {
        var dot = text.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 ? text[..dot] : text;
    }
}
