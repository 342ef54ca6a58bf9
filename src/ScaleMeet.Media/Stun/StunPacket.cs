using System.Buffers.Binary;

namespace ScaleMeet.Media.Stun;

/// <summary>
/// A validated view over one STUN message in a datagram (RFC 8489 §5, §14; header diagram in
/// <see cref="StunHeader"/>). <see cref="TryParse"/> checks: the top two bits are zero, the magic
/// cookie, Message Length is a multiple of 4 and matches the datagram, every attribute (with its
/// padding) fits exactly, MESSAGE-INTEGRITY is 20 bytes and FINGERPRINT is 4 bytes and last.
/// Attributes after MESSAGE-INTEGRITY other than FINGERPRINT and MESSAGE-INTEGRITY-SHA256 are
/// ignored (§14.5). Holds no copy: the view lives as long as the span.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Type                  |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Value (variable)                ....
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal readonly ref struct StunPacket
{
    private const int MessageIntegrityLength = 20;
    private const int FingerprintLength = 4;

    private StunPacket(ReadOnlySpan<byte> raw, ushort type, int integrityOffset, int fingerprintOffset)
    {
        Raw = raw;
        MessageType = type;
        MessageIntegrityOffset = integrityOffset;
        FingerprintOffset = fingerprintOffset;
    }

    /// <summary>The whole message, header included.</summary>
    public ReadOnlySpan<byte> Raw { get; }

    public ushort MessageType { get; }

    public ushort Method => StunMessageType.GetMethod(MessageType);

    public StunClass Class => StunMessageType.GetClass(MessageType);

    public ReadOnlySpan<byte> TransactionId => Raw.Slice(StunHeader.TransactionIdOffset, StunHeader.TransactionIdLength);

    /// <summary>Offset of the MESSAGE-INTEGRITY attribute header in <see cref="Raw"/>, or -1.</summary>
    public int MessageIntegrityOffset { get; }

    /// <summary>Offset of the FINGERPRINT attribute header in <see cref="Raw"/>, or -1.</summary>
    public int FingerprintOffset { get; }

    public bool HasMessageIntegrity => MessageIntegrityOffset >= 0;

    public bool HasFingerprint => FingerprintOffset >= 0;

    /// <summary>The attributes covered by MESSAGE-INTEGRITY (or all but FINGERPRINT when there is none).</summary>
    public StunAttributeEnumerator Attributes => new(Raw.Slice(0, EndOfVisibleAttributes));

    private int EndOfVisibleAttributes =>
        HasMessageIntegrity ? MessageIntegrityOffset : HasFingerprint ? FingerprintOffset : Raw.Length;

    public static bool TryParse(ReadOnlySpan<byte> packet, out StunPacket message)
    {
        message = default;
        if (packet.Length < StunHeader.Length || (packet[0] & 0xC0) != 0)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(StunHeader.LengthOffset));
        if ((length & 3) != 0 || StunHeader.Length + length != packet.Length
            || BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4)) != StunHeader.MagicCookie)
        {
            return false;
        }

        int integrityOffset = -1;
        int fingerprintOffset = -1;
        var attributes = new StunAttributeEnumerator(packet);
        while (attributes.MoveNext())
        {
            if (fingerprintOffset >= 0)
            {
                return false; // FINGERPRINT must be the last attribute (§14.7).
            }

            StunAttribute attribute = attributes.Current;
            if (attribute.Type == StunAttributeType.MessageIntegrity && integrityOffset < 0)
            {
                if (attribute.Value.Length != MessageIntegrityLength)
                {
                    return false;
                }

                integrityOffset = attribute.Offset;
            }
            else if (attribute.Type == StunAttributeType.Fingerprint)
            {
                if (attribute.Value.Length != FingerprintLength)
                {
                    return false;
                }

                fingerprintOffset = attribute.Offset;
            }
        }

        if (!attributes.IsComplete)
        {
            return false;
        }

        message = new StunPacket(packet, BinaryPrimitives.ReadUInt16BigEndian(packet), integrityOffset, fingerprintOffset);
        return true;
    }

    /// <summary>Finds the first attribute of a type among those covered by the integrity check.</summary>
    public bool TryGetAttribute(ushort type, out ReadOnlySpan<byte> value)
    {
        foreach (StunAttribute attribute in Attributes)
        {
            if (attribute.Type == type)
            {
                value = attribute.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>True when MESSAGE-INTEGRITY is present and matches HMAC-SHA1 keyed with <paramref name="key"/>.</summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key) =>
        HasMessageIntegrity && StunMessageIntegrity.Verify(Raw, MessageIntegrityOffset, key);

    /// <summary>True when FINGERPRINT is present and matches.</summary>
    public bool VerifyFingerprint() => HasFingerprint && StunFingerprint.Verify(Raw, FingerprintOffset);
}
