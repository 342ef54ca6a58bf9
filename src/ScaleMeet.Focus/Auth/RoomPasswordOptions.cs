namespace ScaleMeet.Focus.Auth;

/// <summary>Room passwords (section <c>ScaleMeet:Auth:RoomPassword</c>); validated by <see cref="Validate"/>.</summary>
public sealed class RoomPasswordOptions
{
    public const string Section = "ScaleMeet:Auth:RoomPassword";

    /// <summary>
    /// Wrong passwords one signaling connection may send; the last one is answered <c>password_attempts_exceeded</c> and the
    /// connection is closed. Default 3; 1 to 100. Guessing then costs a new connection each few tries (bounded by the edge's
    /// connection limits); a long password is what makes guessing hopeless.
    /// </summary>
    public int MaxAttemptsPerConnection { get; set; } = 3;

    /// <summary>Longest password a moderator may set, in UTF-16 characters. Default 128; 1 to 1024.</summary>
    public int MaxLength { get; set; } = 128;

    public string? Validate()
    {
        if (MaxAttemptsPerConnection is < 1 or > 100)
        {
            return $"{Section}:MaxAttemptsPerConnection must be 1..100 (was {MaxAttemptsPerConnection})";
        }

        if (MaxLength is < 1 or > 1024)
        {
            return $"{Section}:MaxLength must be 1..1024 (was {MaxLength})";
        }

        return null;
    }
}
