namespace ScaleMeet.Media.Sdp;

/// <summary>
/// One attribute line (RFC 8866 §5.13):
///
///   attribute-field = %s"a" "=" attribute CRLF
///   attribute       = (attribute-name ":" attribute-value) / attribute-name
///   attribute-name  = token
///
/// <see cref="Value"/> is null for a property attribute (a=rtcp-mux) and "" for "a=name:".
/// The value is kept verbatim: what was parsed is what is written. The constructor rejects a name
/// that is not a token and a value holding NUL, CR or LF, so no attribute can break the line structure.
/// </summary>
public sealed record SdpAttribute(string Name, string? Value = null)
{
    public string Name { get; init => field = SdpGrammar.RequireToken(value, nameof(Name)); } =
        SdpGrammar.RequireToken(Name, nameof(Name));

    public string? Value { get; init => field = SdpGrammar.RequireText(value, nameof(Value)); } =
        SdpGrammar.RequireText(Value, nameof(Value));

    /// <summary>The line as written, without CRLF: "a=name:value" or "a=name".</summary>
    public override string ToString() => Value is null ? "a=" + Name : "a=" + Name + ":" + Value;
}
