namespace ScaleMeet.Media.Sdp;

/// <summary>
/// The media direction attributes (RFC 8866 §6.7): a=sendrecv, a=sendonly, a=recvonly, a=inactive.
/// Seen from the side that wrote the description. Without any of them a section is sendrecv.
/// </summary>
public enum SdpDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}

internal static class SdpDirections
{
    public static readonly string[] Names = ["sendrecv", "sendonly", "recvonly", "inactive"];

    public static string ToName(SdpDirection direction) => direction switch
    {
        SdpDirection.SendRecv => "sendrecv",
        SdpDirection.SendOnly => "sendonly",
        SdpDirection.RecvOnly => "recvonly",
        SdpDirection.Inactive => "inactive",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown SDP direction."),
    };

    public static bool TryFromName(string name, out SdpDirection direction)
    {
        int i = Array.IndexOf(Names, name);
        direction = i < 0 ? SdpDirection.SendRecv : (SdpDirection)i;
        return i >= 0;
    }
}
