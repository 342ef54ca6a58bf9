namespace ScaleMeet.Contracts.Control;

/// <summary>Why a bridge was refused; each is counted on the focus (<c>scalemeet_focus_bridge_refusals_total{reason}</c>).</summary>
public static class RefusalReasons
{
    /// <summary>The MAC does not match: the bridge's secret differs from the focus's.</summary>
    public const string BadSecret = "bad_secret";

    /// <summary>The hello's timestamp is further from the focus's clock than the allowed skew.</summary>
    public const string StaleTimestamp = "stale_timestamp";

    /// <summary>A nonce already seen within the skew window: a recorded hello played again.</summary>
    public const string ReplayedNonce = "replayed_nonce";

    /// <summary>The envelope's protocol version is not <see cref="ControlProtocol.Version"/>.</summary>
    public const string UnsupportedVersion = "unsupported_version";

    /// <summary>Another live channel is registered under the same bridge id.</summary>
    public const string DuplicateId = "duplicate_id";

    /// <summary>The first message was not a readable hello (or the bridge id or region are not acceptable).</summary>
    public const string Malformed = "malformed";

    /// <summary>The focus already serves <c>ScaleMeet:Control:MaxBridges</c> bridge channels.</summary>
    public const string TooManyBridges = "too_many_bridges";

    /// <summary>No hello arrived within the focus's hello timeout.</summary>
    public const string HelloTimeout = "hello_timeout";
}
