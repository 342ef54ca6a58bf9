namespace ScaleMeet.Server;

/// <summary>What one <c>scalemeet</c> process runs (docs/operations.md, "Roles").</summary>
internal enum ServerRole
{
    /// <summary>Web client, focus and one embedded bridge (the default).</summary>
    AllInOne,

    /// <summary>Web client, signaling and focus; remote bridges register over <c>/bridge</c>.</summary>
    Focus,

    /// <summary>Media only: registers with one or more focuses.</summary>
    Bridge,
}
