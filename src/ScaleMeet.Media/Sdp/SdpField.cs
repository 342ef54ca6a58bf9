namespace ScaleMeet.Media.Sdp;

/// <summary>
/// A description line that WebRTC does not use but that must be checked and kept (RFC 8829 §5.8):
/// "i=", "u=", "e=", "p=", "r=", "z=", "k=" and any "t=" after the first. The writer puts each back at
/// its RFC 8866 §5 position (session: i u e p before c=, t r z k after the first t=; media: i before
/// c=, k after b=); lines of the same letter keep their order, and "t="/"r=" keep their interleaving.
/// </summary>
public sealed record SdpField(char Type, string Value)
{
    public string Value { get; init => field = SdpGrammar.RequireText(value, nameof(Value))!; } =
        SdpGrammar.RequireText(Value, nameof(Value))!;

    public override string ToString() => Type + "=" + Value;
}
