using System.Security.Cryptography;
using System.Text;

namespace ScaleMeet.Focus.Auth;

/// <summary>
/// A room's password, kept only as its SHA-256 (in memory, for the room's lifetime) so that a comparison is over two
/// fixed-length digests in constant time (<see cref="CryptographicOperations.FixedTimeEquals"/>): how long a check takes
/// says nothing about how much of a guess was right. Never logged, never sent to a client.
/// </summary>
internal sealed class RoomPassword
{
    private readonly byte[] _digest;

    private RoomPassword(byte[] digest)
    {
        _digest = digest;
    }

    public static RoomPassword Create(string password) => new(SHA256.HashData(Encoding.UTF8.GetBytes(password)));

    public bool Matches(string candidate)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(candidate), digest);
        return CryptographicOperations.FixedTimeEquals(digest, _digest);
    }
}
