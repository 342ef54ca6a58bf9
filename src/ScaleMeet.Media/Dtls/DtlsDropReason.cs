namespace ScaleMeet.Media.Dtls;

/// <summary>Why an inbound DTLS datagram never reached BouncyCastle (counted per endpoint and per pool).</summary>
public enum DtlsDropReason
{
    /// <summary>Not well-formed DTLS (<see cref="DtlsDatagramScreen"/>), larger than a datagram may be, or contradicting an earlier fragment.</summary>
    Malformed,

    /// <summary>A handshake fragment declared a message longer than <see cref="DtlsEndpointSettings.MaxHandshakeMessageSize"/>.</summary>
    OversizeMessage,

    /// <summary>The endpoint's queue already held <see cref="DtlsEndpointSettings.QueueCapacity"/> datagrams or its bytes.</summary>
    QueueFull,

    /// <summary>Keeping it would take the handshake past <see cref="DtlsEndpointSettings.MaxBufferedBytes"/>.</summary>
    OverBudget,

    /// <summary>After the association settled, anything but an encrypted alert.</summary>
    AfterHandshake,

    /// <summary>More than <see cref="DtlsEndpointSettings.PostHandshakeDatagramsPerSecond"/> after the handshake.</summary>
    RateLimited,

    /// <summary>The endpoint was closing or closed.</summary>
    Closed,
}
