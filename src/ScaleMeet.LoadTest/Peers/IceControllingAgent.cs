using System.Buffers.Binary;
using System.Security.Cryptography;
using ScaleMeet.Media.Ice;

namespace ScaleMeet.LoadTest.Peers;

/// <summary>
/// The controlling (full-agent) side of one candidate pair towards an ICE-lite server (RFC 8445 §7.2.2,
/// RFC 7675): writes Binding requests — the nominating check with USE-CANDIDATE, then consent checks — and
/// matches success responses against the transactions still outstanding. Thread-safe: checks are written by
/// the connecting task and the consent timer, responses are matched on the receive thread.
/// </summary>
internal sealed class IceControllingAgent
{
    /// <summary>Priority of a host candidate: type preference 126, local preference 65535, component 1 (RFC 8445 §5.1.2.1).</summary>
    public const uint HostPriority = (126u << 24) | (65535u << 8) | (256 - 1);

    private const int MaxOutstanding = 32;

    // STUN header (RFC 8489 §5): type 2, length 2, magic cookie 4, transaction id 12.
    private const int StunHeaderLength = 20;
    private const int TransactionIdOffset = 8;
    private const int TransactionIdLength = 12;

    private readonly object _gate = new();
    private readonly Dictionary<UInt128, bool> _outstanding = [];
    private readonly Queue<UInt128> _order = new();
    private readonly ulong _tieBreaker;

    public IceControllingAgent(string localUfrag, RemoteTransportParameters remote)
    {
        LocalUfrag = localUfrag;
        Remote = remote;
        _tieBreaker = BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(8));
    }

    public string LocalUfrag { get; }

    public RemoteTransportParameters Remote { get; }

    /// <summary>Writes a new Binding request into <paramref name="destination"/> (≥ 256 bytes) and remembers its transaction.</summary>
    public int WriteCheck(Span<byte> destination, bool nominate)
    {
        Span<byte> transactionId = stackalloc byte[TransactionIdLength];
        RandomNumberGenerator.Fill(transactionId);
        var length = IceBindingRequest.Write(destination, transactionId, Remote.IceUfrag, LocalUfrag, Remote.IcePwd, HostPriority, _tieBreaker, nominate);
        var key = Key(transactionId);
        lock (_gate)
        {
            if (_order.Count == MaxOutstanding && _order.TryDequeue(out var oldest))
            {
                _outstanding.Remove(oldest);
            }

            _outstanding[key] = nominate;
            _order.Enqueue(key);
        }

        return length;
    }

    /// <summary>
    /// True when <paramref name="datagram"/> is an authentic success response to an outstanding check;
    /// <paramref name="nominated"/> tells whether that check carried USE-CANDIDATE. Never throws.
    /// </summary>
    public bool TryAcceptResponse(ReadOnlySpan<byte> datagram, out bool nominated)
    {
        nominated = false;
        if (datagram.Length < StunHeaderLength)
        {
            return false;
        }

        var transactionId = datagram.Slice(TransactionIdOffset, TransactionIdLength);
        var key = Key(transactionId);
        lock (_gate)
        {
            if (!_outstanding.TryGetValue(key, out nominated))
            {
                return false;
            }
        }

        if (!IceBindingRequest.TryParseSuccess(datagram, transactionId, Remote.IcePwd, out _))
        {
            return false;
        }

        lock (_gate)
        {
            // Left in the queue; it ages out. Removing it here stops a replayed response from counting twice.
            _outstanding.Remove(key);
        }

        return true;
    }

    private static UInt128 Key(ReadOnlySpan<byte> transactionId12) =>
        new(BinaryPrimitives.ReadUInt32BigEndian(transactionId12), BinaryPrimitives.ReadUInt64BigEndian(transactionId12[4..]));
}
