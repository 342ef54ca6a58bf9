namespace ScaleMeet.Focus.Auth;

/// <summary>
/// Who may join: section <c>ScaleMeet:Auth</c>. <see cref="Mode"/> <c>none</c> (default) lets anyone in who knows the room's
/// name (and its password, once a moderator set one); <c>jwt</c> also requires a token signed by the configured issuer in
/// Jitsi's layout (<see cref="JwtOptions"/>). Validated at start-up by <see cref="Validate"/>, which names the setting.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "ScaleMeet:Auth";

    public const string ModeNone = "none";

    public const string ModeJwt = "jwt";

    /// <summary>
    /// <c>none</c> (default): no token is needed (one sent is ignored); the first participant of a room is its moderator.
    /// <c>jwt</c>: every join needs a valid token; moderators are those whose token says so.
    /// </summary>
    public string Mode { get; set; } = ModeNone;

    /// <summary>The token check of <c>jwt</c> mode (<c>ScaleMeet:Auth:Jwt</c>).</summary>
    public JwtOptions Jwt { get; set; } = new();

    /// <summary>Room passwords set by moderators (<c>ScaleMeet:Auth:RoomPassword</c>).</summary>
    public RoomPasswordOptions RoomPassword { get; set; } = new();

    public bool IsJwt => string.Equals(Mode, ModeJwt, StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the first problem found, naming the setting, or null when the options are usable.</summary>
    public string? Validate()
    {
        if (!IsJwt && !string.Equals(Mode, ModeNone, StringComparison.OrdinalIgnoreCase))
        {
            return $"{Section}:Mode must be '{ModeNone}' or '{ModeJwt}' (was '{Mode}')";
        }

        if (!IsJwt && Jwt.FirstSetting() is { } stray)
        {
            // A secret configured without the mode would look like authentication while letting everyone in.
            return $"{JwtOptions.Section}:{stray} is set but {Section}:Mode is '{Mode}': set {Section}:Mode to '{ModeJwt}' or remove the Jwt settings";
        }

        return RoomPassword.Validate() ?? (IsJwt ? Jwt.Validate() : null);
    }
}
