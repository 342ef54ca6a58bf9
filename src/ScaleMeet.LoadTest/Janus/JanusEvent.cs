using System.Text.Json.Nodes;

namespace ScaleMeet.LoadTest.Janus;

/// <summary>
/// One message from Janus about a handle: <see cref="Kind"/> is its <c>janus</c> field (<c>event</c>, <c>success</c>,
/// <c>webrtcup</c>, <c>media</c>, <c>hangup</c>, <c>slowlink</c>, <c>detached</c>…); the accessors read the plugin
/// data and the JSEP, if any.
/// </summary>
public sealed record JanusEvent(string Kind, JsonObject Message)
{
    /// <summary><c>plugindata.data</c> of a plugin event or synchronous reply; null for core events.</summary>
    public JsonObject? Data => Message["plugindata"]?["data"] as JsonObject;

    /// <summary><c>jsep.type</c> (offer, answer), if the message carries an SDP.</summary>
    public string? JsepType => Message["jsep"]?["type"]?.GetValue<string>();

    /// <summary><c>jsep.sdp</c>, if the message carries an SDP.</summary>
    public string? JsepSdp => Message["jsep"]?["sdp"]?.GetValue<string>();

    /// <summary>The plugin's error (<c>error_code</c>, <c>error</c> in the plugin data) as an exception, or null.</summary>
    public JanusException? PluginError =>
        Data?["error_code"] is { } code ? new JanusException(code.GetValue<int>(), Data["error"]?.GetValue<string>() ?? "plugin error") : null;

    public override string ToString() => $"{Kind}: {Message.ToJsonString()}";
}
