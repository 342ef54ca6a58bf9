namespace ScaleMeet.Media.Sdp;

/// <summary>
/// One entry of an a=simulcast list (RFC 8853 §5.1):  sc-id = [sc-id-paused] rid-id ; sc-id-paused = "~".
/// A paused stream is offered but not sent until resumed.
/// </summary>
public sealed record SdpSimulcastRid(string Id, bool Paused = false)
{
    public override string ToString() => Paused ? "~" + Id : Id;
}
