namespace ScaleMeet.Server.Admission;

/// <summary>
/// Why a signaling connection was not admitted: <paramref name="Reason"/> is the <c>reason</c> tag of
/// <c>scalemeet_server_signaling_refused_total</c> (<see cref="RefusalReasons"/>), <paramref name="Message"/> the close
/// frame's reason text (at most 123 bytes of UTF-8), for the person or program that connected.
/// </summary>
internal sealed record ConnectionRefusal(string Reason, string Message);
