namespace ScaleMeet.Server.Admission;

/// <summary>
/// Why a signaling connection was refused: the <c>reason</c> tag of <c>scalemeet_server_signaling_refused_total</c>.
/// Refused joins are counted by the focus (<c>scalemeet_focus_join_failures_total</c>, reasons
/// <c>participant_limit</c> and <c>address_participant_limit</c>).
/// </summary>
internal static class RefusalReasons
{
    /// <summary>The server holds <see cref="AdmissionOptions.MaxConnections"/> connections (close 1013).</summary>
    public const string ConnectionLimit = "connection_limit";

    /// <summary>The client's address holds <see cref="AdmissionOptions.MaxConnectionsPerAddress"/> connections (close 1013).</summary>
    public const string AddressConnectionLimit = "address_connection_limit";

    /// <summary>The page's <c>Origin</c> is neither this server's nor listed (HTTP 403 before the upgrade).</summary>
    public const string Origin = "origin";

    /// <summary>The region the ingress's header or an allowed <c>?region=</c> names is not a region name (HTTP 400 before the upgrade).</summary>
    public const string InvalidRegion = "invalid_region";

    /// <summary>Every reason, so each series exists (at 0) from the start.</summary>
    public static readonly string[] All = [ConnectionLimit, AddressConnectionLimit, Origin, InvalidRegion];
}
