using System.Text.Json.Nodes;

namespace ScaleMeet.LoadTest.Janus;

/// <summary>
/// Janus refused a request: a core error (<c>janus: error</c>, codes 4xx from apierror.h, e.g. 458 no such session)
/// or a plugin error (VideoRoom: 426 no such room, 427 room exists, 428 no such feed…). Code 0: a client-side
/// problem (malformed reply, closed socket).
/// </summary>
public sealed class JanusException : Exception
{
    public JanusException(int code, string reason)
        : base(code == 0 ? reason : $"Janus error {code}: {reason}")
    {
        Code = code;
        Reason = reason;
    }

    public JanusException()
        : this(0, "Janus error")
    {
    }

    public JanusException(string message)
        : this(0, message)
    {
    }

    public JanusException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    public int Code { get; }

    public string Reason { get; } = string.Empty;

    internal static JanusException FromCoreError(JsonObject message) =>
        new(message["error"]?["code"]?.GetValue<int>() ?? 0, message["error"]?["reason"]?.GetValue<string>() ?? "error without a reason");
}
