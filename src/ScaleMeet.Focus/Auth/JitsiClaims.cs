using System.Text.Json;
using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Focus.Auth;

/// <summary>
/// Reads the claims of Jitsi's token layout from a payload whose signature, issuer, audience and lifetime were verified:
/// <code>
/// { "iss": "my_app_id", "aud": "jitsi", "exp": 1767225600, "nbf": 1767222000, "sub": "meet.example.org",
///   "room": "standup" | "*",
///   "context": { "user": { "name": "Ada", "moderator": true | "true", "affiliation": "owner" } },
///   "moderator": true }
/// </code>
/// The room is compared case-insensitively (rooms are, and Jitsi lower-cases it), <c>*</c> allows every room. A moderator is
/// whoever any of Jitsi's issuers marks so: <c>moderator</c> at the top level (mod_token_moderation),
/// <c>context.user.moderator</c> as a boolean or the string <c>"true"</c> (JaaS), or <c>context.user.affiliation</c>
/// <c>owner</c>/<c>moderator</c> (mod_token_affiliation).
/// </summary>
internal static class JitsiClaims
{
    public const string AnyRoom = "*";

    public static TokenCheck Read(JsonElement payload, string room)
    {
        if (!payload.TryGetProperty("room", out var roomClaim) || roomClaim.ValueKind != JsonValueKind.String || roomClaim.GetString() is not { Length: > 0 } tokenRoom)
        {
            return TokenCheck.Refused(SignalingErrorCodes.TokenInvalid, "the token has no 'room' claim (the room's name, or '*' for every room)");
        }

        if (tokenRoom != AnyRoom && !string.Equals(tokenRoom, room, StringComparison.OrdinalIgnoreCase))
        {
            // Only a well-formed room name is echoed: the claim is the issuer's text and goes into log lines.
            var named = SignalingRules.IsValidRoom(tokenRoom) ? $"room '{tokenRoom}'" : "another room";
            return TokenCheck.Refused(SignalingErrorCodes.TokenWrongRoom, $"the token is for {named}, not '{room}'");
        }

        var user = Object(Object(payload, "context"), "user");
        string? displayName = null;
        if (user is { } u && u.TryGetProperty("name", out var name) && name.ValueKind != JsonValueKind.Null)
        {
            if (name.ValueKind != JsonValueKind.String)
            {
                return TokenCheck.Refused(SignalingErrorCodes.TokenInvalid, "the token's context.user.name is not a string");
            }

            displayName = SignalingRules.NormalizeDisplayName(name.GetString()!, out var problem);
            if (displayName is null)
            {
                return TokenCheck.Refused(SignalingErrorCodes.TokenInvalid, $"the token's context.user.name: {problem}");
            }
        }

        var moderator = IsTrue(payload, "moderator")
            || (user is { } v && (IsTrue(v, "moderator") || IsModeratorAffiliation(v)));
        return TokenCheck.Accepted(displayName, moderator);
    }

    private static JsonElement? Object(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object ? child : null;

    private static bool IsTrue(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value)
        && (value.ValueKind == JsonValueKind.True
            || (value.ValueKind == JsonValueKind.String && string.Equals(value.GetString(), "true", StringComparison.OrdinalIgnoreCase)));

    private static bool IsModeratorAffiliation(JsonElement user) =>
        user.TryGetProperty("affiliation", out var value)
        && value.ValueKind == JsonValueKind.String
        && value.GetString() is "owner" or "moderator";
}
