namespace ScaleMeet.Media.Stun;

/// <summary>
/// STUN attribute types used here (RFC 8489 §18.3, RFC 8445 §16.1). Types 0x0000-0x7FFF are
/// comprehension-required, 0x8000-0xFFFF comprehension-optional (RFC 8489 §14).
/// </summary>
internal static class StunAttributeType
{
    public const ushort MappedAddress = 0x0001;
    public const ushort Username = 0x0006;
    public const ushort MessageIntegrity = 0x0008;
    public const ushort ErrorCode = 0x0009;
    public const ushort UnknownAttributes = 0x000A;
    public const ushort Realm = 0x0014;
    public const ushort Nonce = 0x0015;
    public const ushort MessageIntegritySha256 = 0x001C;
    public const ushort PasswordAlgorithm = 0x001D;
    public const ushort Userhash = 0x001E;
    public const ushort XorMappedAddress = 0x0020;
    public const ushort Priority = 0x0024;
    public const ushort UseCandidate = 0x0025;

    public const ushort PasswordAlgorithms = 0x8002;
    public const ushort AlternateDomain = 0x8003;
    public const ushort Software = 0x8022;
    public const ushort AlternateServer = 0x8023;
    public const ushort Fingerprint = 0x8028;
    public const ushort IceControlled = 0x8029;
    public const ushort IceControlling = 0x802A;

    /// <summary>True for types an agent must understand or reject the request with 420.</summary>
    public static bool IsComprehensionRequired(ushort type) => type < 0x8000;

    /// <summary>
    /// Comprehension-required types this implementation knows; anything else in that range makes
    /// a request fail with 420 (Unknown Attribute), RFC 8489 §6.3.1.
    /// </summary>
    public static bool IsKnownComprehensionRequired(ushort type) => type switch
    {
        MappedAddress or Username or MessageIntegrity or ErrorCode or UnknownAttributes
            or Realm or Nonce or MessageIntegritySha256 or PasswordAlgorithm or Userhash
            or XorMappedAddress or Priority or UseCandidate => true,
        _ => false,
    };
}
