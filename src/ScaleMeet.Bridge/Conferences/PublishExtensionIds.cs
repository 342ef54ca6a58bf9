namespace ScaleMeet.Bridge.Conferences;

/// <summary>Header extension ids the sender uses on its publish connection (0: not negotiated).</summary>
internal readonly record struct PublishExtensionIds(byte Mid, byte Rid, byte RepairedRid);
