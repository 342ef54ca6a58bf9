using System.Text.Json.Serialization;

namespace ScaleMeet.Contracts.Signaling;

/// <summary>
/// A message on the browser ⇄ focus signaling WebSocket (docs/protocol.md). JSON objects with a
/// <c>type</c> discriminator; a client message may carry <c>requestId</c>, echoed by its reply or error.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(JoinMessage), "join")]
[JsonDerivedType(typeof(PublishOfferMessage), "publishOffer")]
[JsonDerivedType(typeof(SubscribeAnswerMessage), "subscribeAnswer")]
[JsonDerivedType(typeof(SetMutedMessage), "setMuted")]
[JsonDerivedType(typeof(LeaveMessage), "leave")]
[JsonDerivedType(typeof(PingMessage), "ping")]
[JsonDerivedType(typeof(ReceiverConstraintsMessage), "receiverConstraints")]
[JsonDerivedType(typeof(SetRoomPasswordMessage), "setRoomPassword")]
[JsonDerivedType(typeof(ResumeMessage), "resume")]
[JsonDerivedType(typeof(ResumedMessage), "resumed")]
[JsonDerivedType(typeof(JoinedMessage), "joined")]
[JsonDerivedType(typeof(ParticipantJoinedMessage), "participantJoined")]
[JsonDerivedType(typeof(ParticipantLeftMessage), "participantLeft")]
[JsonDerivedType(typeof(ParticipantMutedMessage), "participantMuted")]
[JsonDerivedType(typeof(PublishAnswerMessage), "publishAnswer")]
[JsonDerivedType(typeof(SubscribeOfferMessage), "subscribeOffer")]
[JsonDerivedType(typeof(PongMessage), "pong")]
[JsonDerivedType(typeof(DominantSpeakerMessage), "dominantSpeaker")]
[JsonDerivedType(typeof(SenderConstraintsMessage), "senderConstraints")]
[JsonDerivedType(typeof(RoomLockedMessage), "roomLocked")]
[JsonDerivedType(typeof(RoleChangedMessage), "roleChanged")]
[JsonDerivedType(typeof(MovedMessage), "moved")]
[JsonDerivedType(typeof(ErrorMessage), "error")]
public abstract record SignalingMessage
{
    /// <summary>Set by the client on a request; echoed on the reply or error that answers it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RequestId { get; init; }

    /// <summary>
    /// Set by the focus on every message it sends a participant but <c>pong</c> and <c>resumed</c>: 1, 2, 3, … over the
    /// participant's life, across resumed connections. A browser resuming names the last one it received.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Seq { get; init; }
}

/// <summary>The protocol version this code speaks; sent in <see cref="JoinedMessage"/>.</summary>
public static class SignalingProtocol
{
    public const int Version = 1;
    public const string Path = "/signaling";
}
