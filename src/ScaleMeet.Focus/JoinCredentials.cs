namespace ScaleMeet.Focus;

/// <summary>What a join proves beyond its name: the room password it carries, and whether its token makes it a moderator.</summary>
internal readonly record struct JoinCredentials(string? Password, bool TokenModerator);
