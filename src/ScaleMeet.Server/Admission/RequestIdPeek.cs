using System.Text.Json;

namespace ScaleMeet.Server.Admission;

/// <summary>
/// Reads a message's top-level <c>requestId</c> without decoding the rest, so a refused message (rate-limited) is
/// answered with its request id at the cost of one forward scan: no document, no strings. Never throws.
/// </summary>
internal static class RequestIdPeek
{
    private static ReadOnlySpan<byte> RequestId => "requestId"u8;

    /// <summary>The integer <c>requestId</c> of the JSON object in <paramref name="utf8"/>, or null (absent, not an integer, not JSON).</summary>
    public static int? Read(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isRequestId = reader.ValueTextEquals(RequestId);
                if (!reader.Read())
                {
                    return null;
                }

                if (isRequestId)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var id) ? id : null;
                }

                if (!reader.TrySkip())
                {
                    return null;
                }
            }

            return null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON, or (as the codec also finds) invalid UTF-8 inside a string.
            return null;
        }
    }
}
