using System.Text.Json.Serialization;

namespace ScaleMeet.Contracts.Control;

/// <summary>A bridge's reply to one <see cref="BridgeRequest"/>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(OkReply), "ok")]
[JsonDerivedType(typeof(PublishAnswerReply), "publishAnswer")]
[JsonDerivedType(typeof(BridgeErrorReply), "error")]
public abstract record BridgeReply;

public sealed record OkReply : BridgeReply
{
    public static readonly OkReply Instance = new();
}

public sealed record PublishAnswerReply(string Sdp) : BridgeReply;

/// <summary>The request failed; <paramref name="Code"/> is one of <see cref="BridgeErrorCodes"/>.</summary>
public sealed record BridgeErrorReply(string Code, string Message) : BridgeReply;

public static class BridgeErrorCodes
{
    public const string UnknownEndpoint = "unknown_endpoint";
    public const string AlreadyExists = "already_exists";
    public const string BadSdp = "bad_sdp";
    public const string OutOfOrder = "out_of_order";
    public const string ShuttingDown = "shutting_down";
    public const string Internal = "internal";
}
