using System.Text;
using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Fuzz.Targets;

/// <summary>
/// One signaling WebSocket message as the focus decodes it (<see cref="SignalingCodec.TryDecode"/>): exactly one of
/// a message or an error comes back, an error names its problem. Round trip: a decoded message encodes, decodes again
/// and encodes to the same bytes.
/// </summary>
internal sealed class SignalingTarget : IFuzzTarget
{
    public string Name => "signaling";

    public string Description => "browser-to-focus signaling messages (JSON, docs/protocol.md)";

    public IEnumerable<KeyValuePair<string, byte[]>> Seeds =>
    [
        new("join", SignalingCodec.Encode(new JoinMessage("room-1", "Alice", "secret", "eyJhbGciOiJIUzI1NiJ9.e30.sig") { RequestId = 1 })),
        new("publish-offer", SignalingCodec.Encode(new PublishOfferMessage("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n") { RequestId = 2 })),
        new("subscribe-answer", SignalingCodec.Encode(new SubscribeAnswerMessage("v=0\r\n", 3) { RequestId = 3 })),
        new("set-muted", SignalingCodec.Encode(new SetMutedMessage(true, false))),
        new("leave", SignalingCodec.Encode(new LeaveMessage())),
        new("ping", SignalingCodec.Encode(new PingMessage { RequestId = 7 })),
        new("receiver-constraints", SignalingCodec.Encode(new ReceiverConstraintsMessage(2, ["p1"], 180,
            new Dictionary<string, VideoConstraint> { ["p1"] = new(720), ["p2"] = new(0) }))),
        new("unknown-type", "{\"type\":\"shout\",\"requestId\":9}"u8.ToArray()),
    ];

    public void Run(ReadOnlySpan<byte> input)
    {
        bool decoded = SignalingCodec.TryDecode(input, out SignalingMessage? message, out ErrorMessage? error);
        if (!decoded)
        {
            FuzzInvariantException.Check(message is null && error is not null, "a refused message without exactly one error");
            FuzzInvariantException.Check(!string.IsNullOrEmpty(error!.Code) && !string.IsNullOrEmpty(error.Message), "an error that names nothing");
            return;
        }

        FuzzInvariantException.Check(message is not null && error is null, "a decoded message with an error or without a message");
        byte[] encoded = SignalingCodec.Encode(message!);
        FuzzInvariantException.Check(SignalingCodec.TryDecode(encoded, out SignalingMessage? again, out ErrorMessage? againError),
            $"an encoded message does not decode: {againError?.Message} ({Encoding.UTF8.GetString(encoded)})");
        FuzzInvariantException.Equal(message!.GetType(), again!.GetType(), "message type");
        FuzzInvariantException.Equal((ReadOnlySpan<byte>)encoded, SignalingCodec.Encode(again), "encoded form");
    }
}
