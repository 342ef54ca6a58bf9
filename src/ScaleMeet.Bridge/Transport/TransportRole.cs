namespace ScaleMeet.Bridge.Transport;

/// <summary>Which of a participant's two peer connections a transport serves.</summary>
internal enum TransportRole
{
    /// <summary>The participant sends its tracks to the bridge (browser offers).</summary>
    Publish,

    /// <summary>The bridge sends other participants' tracks (bridge offers).</summary>
    Subscribe,
}
