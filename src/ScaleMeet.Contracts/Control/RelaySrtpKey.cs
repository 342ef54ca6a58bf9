namespace ScaleMeet.Contracts.Control;

/// <summary>One direction's SRTP AEAD_AES_128_GCM master key (16 bytes) and master salt (12 bytes), base64.</summary>
public sealed record RelaySrtpKey(string Key, string Salt);
