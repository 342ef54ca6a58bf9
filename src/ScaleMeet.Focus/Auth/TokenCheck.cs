namespace ScaleMeet.Focus.Auth;

/// <summary>
/// The outcome of a join's authentication: accepted (with the token's display name, if it has one, and whether it makes the
/// participant a moderator) or refused with a signaling error code (also the <see cref="JoinFailureReasons"/> value it is
/// counted under) and a message for the person joining.
/// </summary>
internal readonly record struct TokenCheck(string? ErrorCode, string? Message, string? DisplayName, bool Moderator)
{
    /// <summary>Mode none: nothing to check, nobody is a moderator by token.</summary>
    public static TokenCheck Anonymous => default;

    public bool IsAccepted => ErrorCode is null;

    public static TokenCheck Accepted(string? displayName, bool moderator) => new(null, null, displayName, moderator);

    public static TokenCheck Refused(string code, string message) => new(code, message, null, false);
}
