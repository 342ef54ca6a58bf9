using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace ScaleMeet.LoadTest.Peers;

/// <summary>
/// Answers the server's own Binding requests (RFC 8445 §7.3, RFC 8489) when <see cref="AnswerChecks"/> is on. An
/// ICE-lite server never checks, but Janus's (libnice's) lite agent still sends a triggered check back on the pair
/// our nominating check used, and only selects that pair once the check succeeds.
/// </summary>
public sealed partial class SyntheticTransport
{
    // RFC 8489 §5, §14: Binding request/success types, the magic cookie, attribute types.
    private const ushort BindingRequest = 0x0001;
    private const ushort BindingSuccess = 0x0101;
    private const uint MagicCookie = 0x2112A442;
    private const ushort AttrUsername = 0x0006;
    private const ushort AttrMessageIntegrity = 0x0008;
    private const ushort AttrXorMappedAddress = 0x0020;
    private const ushort AttrFingerprint = 0x8028;
    private const uint FingerprintXor = 0x5354554E;
    private const int HeaderLength = 20;

    private static readonly uint[] s_crcTable = BuildCrcTable();
    private long _checksAnswered;
    private byte[]? _integrityKey;

    /// <summary>
    /// Answer authentic Binding requests from the server's candidate (USERNAME "ourUfrag:theirUfrag", MESSAGE-INTEGRITY
    /// keyed with our ice-pwd) with a success response. Default false (ScaleMeet never checks); set before
    /// <see cref="ConnectAsync"/>. Needed for Janus.
    /// </summary>
    public bool AnswerChecks { get; set; }

    /// <summary>Binding requests from the server answered with a success response.</summary>
    public long ChecksAnswered => Interlocked.Read(ref _checksAnswered);

    private byte[] IntegrityKey => _integrityKey ??= Encoding.UTF8.GetBytes(LocalPwd);

    /// <summary>On the receive thread: true when <paramref name="datagram"/> was a Binding request (answered or not).</summary>
    private bool TryAnswerCheck(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < HeaderLength || BinaryPrimitives.ReadUInt16BigEndian(datagram) != BindingRequest ||
            BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) != MagicCookie)
        {
            return false;
        }

        if (AnswerChecks && _ice is { } ice && IsAuthentic(datagram, ice.Remote.IceUfrag))
        {
            // Counted before the answer leaves, so whoever sees the answer also sees the count.
            Interlocked.Increment(ref _checksAnswered);
            lock (_sendLock)
            {
                var length = WriteSuccess(_sendBuffer, datagram.Slice(8, 12));
                SendLocked(_sendBuffer.AsSpan(0, length));
            }
        }
        else
        {
            Interlocked.Increment(ref _otherDropped);
        }

        return true;
    }

    private bool IsAuthentic(ReadOnlySpan<byte> request, string remoteUfrag)
    {
        var length = BinaryPrimitives.ReadUInt16BigEndian(request[2..]);
        if (HeaderLength + length != request.Length || (length & 3) != 0)
        {
            return false;
        }

        ReadOnlySpan<byte> username = default;
        for (var offset = HeaderLength; offset + 4 <= request.Length;)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(request[offset..]);
            var valueLength = BinaryPrimitives.ReadUInt16BigEndian(request[(offset + 2)..]);
            if (offset + 4 + valueLength > request.Length)
            {
                return false;
            }

            if (type == AttrUsername)
            {
                username = request.Slice(offset + 4, valueLength);
            }
            else if (type == AttrMessageIntegrity)
            {
                var expected = Encoding.UTF8.GetBytes($"{LocalUfrag}:{remoteUfrag}");
                return valueLength == 20 && username.SequenceEqual(expected) && IntegrityMatches(request, offset);
            }

            offset += 4 + ((valueLength + 3) & ~3);
        }

        return false;
    }

    /// <summary>RFC 8489 §14.5: HMAC-SHA1 over the message up to the attribute, with the length field covering it.</summary>
    private bool IntegrityMatches(ReadOnlySpan<byte> request, int integrityOffset)
    {
        Span<byte> covered = stackalloc byte[integrityOffset];
        request[..integrityOffset].CopyTo(covered);
        BinaryPrimitives.WriteUInt16BigEndian(covered[2..], (ushort)(integrityOffset + 24 - HeaderLength));
        Span<byte> mac = stackalloc byte[20];
        HMACSHA1.HashData(IntegrityKey, covered, mac);
        return CryptographicOperations.FixedTimeEquals(mac, request.Slice(integrityOffset + 4, 20));
    }

    /// <summary>Binding success: XOR-MAPPED-ADDRESS (the server's candidate), MESSAGE-INTEGRITY, FINGERPRINT.</summary>
    private int WriteSuccess(Span<byte> buffer, ReadOnlySpan<byte> transactionId)
    {
        var to = Remote!.Candidate;
        var ipv6 = to.AddressFamily == AddressFamily.InterNetworkV6;
        var addressLength = ipv6 ? 16 : 4;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, BindingSuccess);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], MagicCookie);
        transactionId.CopyTo(buffer[8..]);

        // XOR-MAPPED-ADDRESS (§14.2): 0, family, port ^ cookie's top 16 bits, address ^ (cookie | transaction id).
        var offset = HeaderLength;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[offset..], AttrXorMappedAddress);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(offset + 2)..], (ushort)(4 + addressLength));
        buffer[offset + 4] = 0;
        buffer[offset + 5] = (byte)(ipv6 ? 2 : 1);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(offset + 6)..], (ushort)(to.Port ^ (MagicCookie >> 16)));
        to.Address.TryWriteBytes(buffer.Slice(offset + 8, addressLength), out _);
        for (var i = 0; i < addressLength; i++)
        {
            buffer[offset + 8 + i] ^= buffer[4 + i];
        }

        offset += 8 + addressLength;

        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)(offset + 24 - HeaderLength));
        BinaryPrimitives.WriteUInt16BigEndian(buffer[offset..], AttrMessageIntegrity);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(offset + 2)..], 20);
        HMACSHA1.HashData(IntegrityKey, buffer[..offset], buffer.Slice(offset + 4, 20));
        offset += 24;

        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)(offset + 8 - HeaderLength));
        BinaryPrimitives.WriteUInt16BigEndian(buffer[offset..], AttrFingerprint);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(offset + 2)..], 4);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[(offset + 4)..], Crc32(buffer[..offset]) ^ FingerprintXor);
        return offset + 8;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = s_crcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
