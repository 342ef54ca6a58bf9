using ScaleMeet.Media.Ice;

namespace ScaleMeet.Bridge.Transport;

/// <summary>
/// The bridge's ICE ufrag and password of one transport, made when its endpoint is allocated and never changed, so
/// SDP can be written with them off the media loop. Immutable; any thread.
/// </summary>
internal sealed record LocalIceCredentials(string Ufrag, string Pwd)
{
    public static LocalIceCredentials New() => new(IceLiteSession.NewUfrag(), IceLiteSession.NewPassword());
}
