namespace ScaleMeet.Bridge.Negotiation;

/// <summary>
/// The payload types and header extension ids the bridge uses on every subscribe connection. Senders'
/// own numbering (from their offers) is rewritten to these on the way out.
/// </summary>
internal static class SubscribeCodecs
{
    public const byte OpusPayloadType = 111;
    public const byte Vp8PayloadType = 96;
    public const byte RtxPayloadType = 97;

    /// <summary>urn:ietf:params:rtp-hdrext:ssrc-audio-level (RFC 6464) on audio sections.</summary>
    public const byte AudioLevelExtensionId = 1;

    public const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>Transport-wide sequence number on every packet; the receiver answers with transport-cc feedback.</summary>
    public const byte TransportWideCcExtensionId = 3;

    public const string TransportWideCcUri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
}
