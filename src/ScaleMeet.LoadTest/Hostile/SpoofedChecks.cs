using System.Security.Cryptography;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.Media.Ice;

namespace ScaleMeet.LoadTest.Hostile;

/// <summary>
/// Binding requests carrying a connected <see cref="SyntheticTransport"/>'s credentials, for a hostile client to send
/// from another socket (or to capture and replay): as a browser writes them, authenticated with the server's ice-pwd.
/// Thread-safe (stateless).
/// </summary>
public static class SpoofedChecks
{
    /// <summary>A fresh request (random transaction id) for <paramref name="transport"/>'s server; throws when it is not connected yet.</summary>
    public static byte[] Write(SyntheticTransport transport, bool useCandidate)
    {
        var remote = transport.Remote ?? throw new InvalidOperationException("the transport has no server parameters yet");
        Span<byte> transactionId = stackalloc byte[12];
        RandomNumberGenerator.Fill(transactionId);
        var buffer = new byte[256];
        var length = IceBindingRequest.Write(buffer, transactionId, remote.IceUfrag, transport.LocalUfrag, remote.IcePwd, 0x7E7F00FF,
            (ulong)Random.Shared.NextInt64(), useCandidate);
        return buffer[..length];
    }
}
