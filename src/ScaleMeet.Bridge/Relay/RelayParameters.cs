using System.Net;

namespace ScaleMeet.Bridge.Relay;

/// <summary>
/// One end of a relay as the focus sets it up (<c>createRelay</c>): the relay's id, where the other bridge's relay
/// port is, the STUN short-term credentials of both ends, and the SRTP AEAD_AES_128_GCM master keys of both
/// directions (16-byte key, 12-byte salt each; the focus generates them and sends them only on the authenticated
/// control channel; a rebuilt relay gets new ones).
/// </summary>
internal sealed record RelayParameters(
    uint RelayId,
    IPEndPoint RemoteEndPoint,
    string LocalUfrag,
    string LocalPwd,
    string RemoteUfrag,
    string RemotePwd,
    byte[] SendKey,
    byte[] SendSalt,
    byte[] ReceiveKey,
    byte[] ReceiveSalt);
