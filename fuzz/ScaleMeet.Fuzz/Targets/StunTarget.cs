using System.Buffers.Binary;
using System.Net;
using System.Text;
using ScaleMeet.Media.Ice;
using ScaleMeet.Media.Stun;
using ScaleMeet.Media.Tests.Stun;

namespace ScaleMeet.Fuzz.Targets;

/// <summary>
/// STUN on the bridge's shared port: <see cref="StunMessage.IsStun"/> and <see cref="StunMessage.TryGetUsername"/>
/// (the demultiplexer), then an ICE-lite session's <see cref="IceLiteSession.Handle"/> twice: with the input as
/// received, and re-signed (MESSAGE-INTEGRITY and FINGERPRINT recomputed over the mutated bytes) so mutations reach
/// the code behind the integrity check. Every response must parse, carry the request's transaction id and a valid
/// FINGERPRINT. Round trip: the visible attributes written again with <see cref="StunWriter"/> parse back equal.
/// </summary>
internal sealed class StunTarget : IFuzzTarget
{
    private const string LocalUfrag = "evtj"; // RFC 5769's USERNAME is "evtj:h6vY": the vectors address this session
    private static readonly byte[] Key = Encoding.UTF8.GetBytes(Rfc5769.Password);
    private static readonly IPEndPoint From = new(IPAddress.Parse("192.0.2.1"), 32853);

    private readonly byte[] _signed = new byte[70_000];
    private readonly byte[] _rewritten = new byte[70_000];
    private readonly byte[] _response = new byte[IceLiteSession.MinResponseBufferLength * 2];

    public string Name => "stun";

    public string Description => "STUN demultiplexing, USERNAME lookup and ICE-lite Binding handling (RFC 8489, 8445)";

    public IEnumerable<KeyValuePair<string, byte[]>> Seeds =>
    [
        new("rfc5769-request", Rfc5769.Request),
        new("rfc5769-ipv4-response", Rfc5769.IPv4Response),
        new("rfc5769-ipv6-response", Rfc5769.IPv6Response),
        new("chrome-binding-nominating", ChromeBindingRequest(useCandidate: true)),
        new("chrome-binding-check", ChromeBindingRequest(useCandidate: false)),
    ];

    public void Run(ReadOnlySpan<byte> input)
    {
        StunMessage.IsStun(input);
        StunMessage.TryGetUsername(input, out _, out _);
        if (!StunPacket.TryParse(input, out StunPacket packet))
        {
            Handle(input);
            return;
        }

        ReadAttributes(packet);
        RoundTrip(packet);
        Handle(input);
        if (packet.HasMessageIntegrity && input.Length <= _signed.Length)
        {
            Handle(Resign(input, packet));
        }
    }

    private static void ReadAttributes(StunPacket packet)
    {
        packet.VerifyFingerprint();
        packet.VerifyMessageIntegrity(Key);
        foreach (StunAttribute attribute in packet.Attributes)
        {
            switch (attribute.Type)
            {
                case StunAttributeType.XorMappedAddress:
                    StunXorMappedAddress.TryParse(attribute.Value, packet.TransactionId, out _);
                    break;
                case StunAttributeType.ErrorCode:
                    StunErrorCode.TryParse(attribute.Value, out _, out _);
                    break;
            }
        }
    }

    private void RoundTrip(StunPacket packet)
    {
        var writer = new StunWriter(_rewritten, packet.Method, packet.Class, packet.TransactionId);
        foreach (StunAttribute attribute in packet.Attributes)
        {
            writer.AddBytes(attribute.Type, attribute.Value);
        }

        if (packet.HasMessageIntegrity)
        {
            writer.AddMessageIntegrity(Key);
        }

        if (packet.HasFingerprint)
        {
            writer.AddFingerprint();
        }

        FuzzInvariantException.Check(writer.TryComplete(out int written), "a parsed message's attributes could not be written back");
        FuzzInvariantException.Check(StunPacket.TryParse(_rewritten.AsSpan(0, written), out StunPacket again), "the rewritten message does not parse");
        FuzzInvariantException.Equal(packet.MessageType, again.MessageType, "message type");
        FuzzInvariantException.Equal(packet.TransactionId, again.TransactionId, "transaction id");
        FuzzInvariantException.Equal(packet.HasMessageIntegrity, again.HasMessageIntegrity, "MESSAGE-INTEGRITY present");
        FuzzInvariantException.Equal(packet.HasFingerprint, again.HasFingerprint, "FINGERPRINT present");
        FuzzInvariantException.Check(!again.HasMessageIntegrity || again.VerifyMessageIntegrity(Key), "written MESSAGE-INTEGRITY does not verify");
        FuzzInvariantException.Check(!again.HasFingerprint || again.VerifyFingerprint(), "written FINGERPRINT does not verify");
        StunAttributeEnumerator before = packet.Attributes, after = again.Attributes;
        while (before.MoveNext())
        {
            FuzzInvariantException.Check(after.MoveNext(), "an attribute was lost");
            FuzzInvariantException.Equal(before.Current.Type, after.Current.Type, "attribute type");
            FuzzInvariantException.Equal(before.Current.Value, after.Current.Value, "attribute value");
        }

        FuzzInvariantException.Check(!after.MoveNext(), "an attribute was added");
    }

    /// <summary>The input with MESSAGE-INTEGRITY (and FINGERPRINT, if present) made valid for <see cref="Key"/>.</summary>
    private ReadOnlySpan<byte> Resign(ReadOnlySpan<byte> input, StunPacket packet)
    {
        Span<byte> signed = _signed.AsSpan(0, input.Length);
        input.CopyTo(signed);
        Span<byte> length = signed.Slice(StunHeader.LengthOffset, 2);
        int integrity = packet.MessageIntegrityOffset;
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)(integrity + StunMessageIntegrity.AttributeLength - StunHeader.Length));
        StunMessageIntegrity.Compute(signed[..integrity], Key, signed.Slice(integrity + StunHeader.AttributeHeaderLength, StunMessageIntegrity.HmacLength));
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)(input.Length - StunHeader.Length));
        if (packet.HasFingerprint)
        {
            int fingerprint = packet.FingerprintOffset;
            BinaryPrimitives.WriteUInt32BigEndian(signed[(fingerprint + StunHeader.AttributeHeaderLength)..], StunFingerprint.Compute(signed[..fingerprint]));
        }

        return signed;
    }

    private void Handle(ReadOnlySpan<byte> request)
    {
        var session = new IceLiteSession(LocalUfrag, Rfc5769.Password, TimeProvider.System);
        IceCheckResult result = session.Handle(request, From, _response, out int written);
        if (written == 0)
        {
            FuzzInvariantException.Check(result == IceCheckResult.Dropped, $"{result} without a response");
            return;
        }

        FuzzInvariantException.Check(result != IceCheckResult.Dropped, "a response to a dropped request");
        FuzzInvariantException.Check(StunPacket.TryParse(_response.AsSpan(0, written), out StunPacket response), "the response does not parse");
        FuzzInvariantException.Check(response.VerifyFingerprint(), "the response's FINGERPRINT does not verify");
        FuzzInvariantException.Check(StunPacket.TryParse(request, out StunPacket parsed) && parsed.TransactionId.SequenceEqual(response.TransactionId),
            "the response does not carry the request's transaction id");
        bool success = response.Class == StunClass.SuccessResponse;
        FuzzInvariantException.Equal(success, result is IceCheckResult.Answered or IceCheckResult.AnsweredAndNominated, "success response");
        FuzzInvariantException.Check(!success || response.VerifyMessageIntegrity(Key), "a success response without valid MESSAGE-INTEGRITY");
        FuzzInvariantException.Check(!success || session.SelectedEndpoint is not null, "a success response selected no address");
    }

    private static byte[] ChromeBindingRequest(bool useCandidate)
    {
        var buffer = new byte[256];
        var writer = new StunWriter(buffer, StunMessageType.BindingMethod, StunClass.Request, Rfc5769.TransactionId);
        writer.AddString(StunAttributeType.Username, Rfc5769.Username);
        writer.AddUInt32(0xC057, 0x00010032); // GOOG-NETWORK-INFO, as Chrome sends it
        writer.AddUInt64(StunAttributeType.IceControlling, 0x1234_5678_9abc_def0);
        if (useCandidate)
        {
            writer.AddFlag(StunAttributeType.UseCandidate);
        }

        writer.AddUInt32(StunAttributeType.Priority, 0x6e7f1eff);
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();
        writer.TryComplete(out int written);
        return buffer[..written];
    }
}
