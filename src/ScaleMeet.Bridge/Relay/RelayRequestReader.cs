using System.Diagnostics.CodeAnalysis;
using System.Net;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Bridge.Relay;

/// <summary>
/// Checks a <see cref="CreateRelayRequest"/> and turns it into <see cref="RelayParameters"/>: the id within 28 bits,
/// the peer's address an <c>ip:port</c> with a port, credentials that can be ICE credentials, keys and salts of the
/// lengths AEAD_AES_128_GCM needs. What is wrong comes back as a message naming the field.
/// </summary>
internal static class RelayRequestReader
{
    private const int KeyLength = 16;
    private const int SaltLength = 12;
    private const int MaxCredentialLength = 256;

    public static bool TryRead(CreateRelayRequest request, [NotNullWhen(true)] out RelayParameters? parameters, [NotNullWhen(false)] out string? error)
    {
        parameters = null;
        error = Check(request, out var peer);
        if (error is not null)
        {
            return false;
        }

        parameters = new RelayParameters(request.RelayId, peer!, request.Local.Ufrag, request.Local.Pwd, request.Peer.Ufrag, request.Peer.Pwd,
            Convert.FromBase64String(request.Send.Key), Convert.FromBase64String(request.Send.Salt),
            Convert.FromBase64String(request.Receive.Key), Convert.FromBase64String(request.Receive.Salt));
        return true;
    }

    private static string? Check(CreateRelayRequest request, out IPEndPoint? peer)
    {
        peer = null;
        if (request.RelayId is 0 or > RelayHeader.MaxId)
        {
            return $"relayId must be 1..{RelayHeader.MaxId} (was {request.RelayId})";
        }

        if (!request.EndpointId.StartsWith("relay:", StringComparison.Ordinal) || request.EndpointId.Length == "relay:".Length)
        {
            return $"endpointId of a relay must be 'relay:' and the peer bridge's id (was '{request.EndpointId}')";
        }

        if (!IPEndPoint.TryParse(request.PeerAddress, out peer) || peer.Port == 0)
        {
            return $"peerAddress must be ip:port (was '{request.PeerAddress}')";
        }

        return Credentials(request.Local, "local")
            ?? Credentials(request.Peer, "peer")
            ?? Key(request.Send, "send")
            ?? Key(request.Receive, "receive");
    }

    private static string? Credentials(RelayIceCredentials credentials, string name)
    {
        if (credentials.Ufrag.Length is 0 or > MaxCredentialLength || credentials.Ufrag.Contains(':'))
        {
            return $"{name}.ufrag must be 1..{MaxCredentialLength} characters without ':'";
        }

        return credentials.Pwd.Length is < 22 or > MaxCredentialLength ? $"{name}.pwd must be 22..{MaxCredentialLength} characters (128 bits at least)" : null;
    }

    private static string? Key(RelaySrtpKey key, string name) =>
        Base64Length(key.Key) != KeyLength ? $"{name}.key must be {KeyLength} bytes in base64"
        : Base64Length(key.Salt) != SaltLength ? $"{name}.salt must be {SaltLength} bytes in base64"
        : null;

    private static int Base64Length(string text)
    {
        Span<byte> bytes = stackalloc byte[64];
        return text.Length <= 88 && Convert.TryFromBase64String(text, bytes, out var written) ? written : -1;
    }
}
