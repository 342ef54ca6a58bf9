using System.Text.Json.Serialization;

namespace ScaleMeet.Contracts.Control;

/// <summary>
/// Any message of the control protocol (docs/protocol.md, "Control v2"): the body of a <see cref="ControlEnvelope"/>,
/// told apart by its <c>type</c>. Requests go focus → bridge; replies answer them (the envelope's <c>replyTo</c>);
/// events, <c>hello</c> and <c>heartbeat</c> go bridge → focus; <c>welcome</c> and <c>refused</c> answer a hello.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HelloMessage), "hello")]
[JsonDerivedType(typeof(WelcomeMessage), "welcome")]
[JsonDerivedType(typeof(RefusedMessage), "refused")]
[JsonDerivedType(typeof(HeartbeatMessage), "heartbeat")]
[JsonDerivedType(typeof(AllocateEndpointRequest), "allocateEndpoint")]
[JsonDerivedType(typeof(PublishOfferRequest), "publishOffer")]
[JsonDerivedType(typeof(SubscribeAnswerRequest), "subscribeAnswer")]
[JsonDerivedType(typeof(ExpireEndpointRequest), "expireEndpoint")]
[JsonDerivedType(typeof(ReceiverConstraintsRequest), "receiverConstraints")]
[JsonDerivedType(typeof(CreateRelayRequest), "createRelay")]
[JsonDerivedType(typeof(ExpireRelayRequest), "expireRelay")]
[JsonDerivedType(typeof(RemoteSenderRequest), "remoteSender")]
[JsonDerivedType(typeof(ExpireRemoteSenderRequest), "expireRemoteSender")]
[JsonDerivedType(typeof(OkReply), "ok")]
[JsonDerivedType(typeof(PublishAnswerReply), "publishAnswer")]
[JsonDerivedType(typeof(BridgeErrorReply), "error")]
[JsonDerivedType(typeof(SubscribeOfferEvent), "subscribeOffer")]
[JsonDerivedType(typeof(EndpointExpiredEvent), "endpointExpired")]
[JsonDerivedType(typeof(DominantSpeakerEvent), "dominantSpeaker")]
[JsonDerivedType(typeof(SenderConstraintsEvent), "senderConstraints")]
[JsonDerivedType(typeof(RelayFailedEvent), "relayFailed")]
[JsonDerivedType(typeof(SenderTracksEvent), "senderTracks")]
public abstract record ControlMessage;
