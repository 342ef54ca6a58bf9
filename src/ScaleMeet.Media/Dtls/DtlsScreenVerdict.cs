namespace ScaleMeet.Media.Dtls;

/// <summary>What <see cref="DtlsDatagramScreen.Screen"/> decided about one datagram.</summary>
internal enum DtlsScreenVerdict
{
    /// <summary>Well-framed records whose epoch-0 content is well framed too: BouncyCastle may see it.</summary>
    Accepted,

    /// <summary>Not DTLS as we speak it (framing, content type, epoch, an encrypted record too short to decode).</summary>
    Malformed,

    /// <summary>Well framed, but a handshake fragment declares a message longer than the configured cap.</summary>
    OversizeMessage,
}
