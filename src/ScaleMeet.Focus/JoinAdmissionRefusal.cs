namespace ScaleMeet.Focus;

/// <summary>
/// Why a join was not admitted: <paramref name="PerAddress"/> when the client's network address holds its share, else
/// the server holds its maximum. <paramref name="Message"/> is for the browser (it names the limit, not the setting).
/// </summary>
public sealed record JoinAdmissionRefusal(bool PerAddress, string Message);
