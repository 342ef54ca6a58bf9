using System.Security.Cryptography;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Focus.Relays;

/// <summary>
/// Makes the two mirrored <see cref="CreateRelayRequest"/>s that join a conference on two bridges (docs/protocol.md,
/// "Relays"): one relay id for both ends, fresh STUN credentials for each end and a fresh AEAD_AES_128_GCM key and salt
/// for each direction, all from the system's cryptographic random source, never reused (a rebuilt relay calls this
/// again). What bridge A sends, bridge B receives; A's credentials are B's peer credentials. Thread-safe (stateless).
/// </summary>
internal static class RelaySetup
{
    /// <summary>The largest relay id (28 bits, the relay header's field).</summary>
    public const uint MaxRelayId = 0x0FFF_FFFF;

    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>One end of a relay: the bridge's id and its relay address (<c>ip:port</c>, from its hello).</summary>
    public readonly record struct End(string BridgeId, string RelayAddress);

    public static (CreateRelayRequest ForA, CreateRelayRequest ForB) Create(string conferenceId, long generation, End a, End b)
    {
        ArgumentException.ThrowIfNullOrEmpty(a.RelayAddress);
        ArgumentException.ThrowIfNullOrEmpty(b.RelayAddress);
        if (a.BridgeId == b.BridgeId)
        {
            throw new ArgumentException($"a relay joins two bridges, not {a.BridgeId} with itself");
        }

        var relayId = (uint)RandomNumberGenerator.GetInt32(1, (int)MaxRelayId + 1);
        var (credentialsA, credentialsB) = (NewCredentials(), NewCredentials());
        var (aToB, bToA) = (NewKey(), NewKey());
        var forA = new CreateRelayRequest(conferenceId, CreateRelayRequest.EndpointIdFor(b.BridgeId), relayId, b.BridgeId, b.RelayAddress,
            credentialsA, credentialsB, aToB, bToA) { Generation = generation };
        var forB = new CreateRelayRequest(conferenceId, CreateRelayRequest.EndpointIdFor(a.BridgeId), relayId, a.BridgeId, a.RelayAddress,
            credentialsB, credentialsA, bToA, aToB) { Generation = generation };
        return (forA, forB);
    }

    /// <summary>An 8-character ufrag (48 bits) and a 24-character password (144 bits) of ice-chars (RFC 8839 §5.4).</summary>
    private static RelayIceCredentials NewCredentials() =>
        new(RandomNumberGenerator.GetString(IceChars, 8), RandomNumberGenerator.GetString(IceChars, 24));

    private static RelaySrtpKey NewKey() =>
        new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)));
}
