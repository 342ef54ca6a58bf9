using Microsoft.Extensions.Logging;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Focus.Bridges;

/// <summary>
/// Takes bridge control channels (a <c>/bridge</c> WebSocket, or the all-in-one's in-memory channel): reads the
/// hello within <see cref="ControlOptions.HelloTimeout"/>, checks the protocol version, the HMAC, the timestamp's skew
/// and the nonce, refuses with a counted reason or welcomes and registers the bridge, then serves it as a
/// <see cref="BridgeConnection"/> until it is Lost, when the focus re-invites its participants.
/// Thread-safe: one <see cref="RunAsync"/> per channel, any number at once (bounded by <see cref="ControlOptions.MaxBridges"/>).
/// </summary>
public sealed class BridgeAcceptor
{
    private readonly FocusService _focus;
    private readonly ControlOptions _options;
    private readonly string _secret;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly NonceCache _nonces;
    private int _open;

    /// <param name="secret">The shared secret (the configured one, or the all-in-one's random one).</param>
    public BridgeAcceptor(FocusService focus, ControlOptions options, string secret, ILoggerFactory loggers, TimeProvider time)
    {
        _focus = focus;
        _options = options;
        _secret = secret;
        _log = loggers.CreateLogger("ScaleMeet.Focus.Bridges");
        _time = time;
        _nonces = new NonceCache(options.MaxClockSkew * 2, 100_000, time);
    }

    /// <summary>Registrations, refusals and losses since start.</summary>
    public BridgeControlCounters Counters => _focus.BridgeCounters;

    /// <summary>
    /// Serves one channel from hello to its end; never throws (except for cancellation by the caller).
    /// <paramref name="remote"/> names the peer in logs; <paramref name="remoteAddress"/>, the address the channel came
    /// from, is where the bridge's own HTTP endpoints are (with its hello's <see cref="HelloMessage.HttpPort"/>).
    /// </summary>
    public async Task RunAsync(IControlChannel channel, string remote, CancellationToken cancellationToken, System.Net.IPAddress? remoteAddress = null)
    {
        try
        {
            if (Interlocked.Increment(ref _open) > _options.MaxBridges)
            {
                await RefuseAsync(channel, remote, null, RefusalReasons.TooManyBridges, $"the focus serves {_options.MaxBridges} bridge channels already").ConfigureAwait(false);
                return;
            }

            var (hello, helloId) = await ReadHelloAsync(channel, remote, cancellationToken).ConfigureAwait(false);
            if (hello is null)
            {
                return;
            }

            var connection = new BridgeConnection(hello.BridgeId, channel, 0, _focus, _focus.Bridges, _options, _log, _time);
            if (!_focus.AddRemoteBridge(connection, hello, StatsUrl(remoteAddress, hello.HttpPort)))
            {
                await RefuseAsync(channel, remote, helloId, RefusalReasons.DuplicateId, $"bridge '{hello.BridgeId}' is already registered").ConfigureAwait(false);
                return;
            }

            Counters.Registered();
            BridgeControlLog.Registered(_log, hello.BridgeId, remote, hello.Region, hello.Version, string.Join(", ", hello.MediaAddresses));
            var welcome = new WelcomeMessage(_focus.FocusId, (int)_options.HeartbeatInterval.TotalMilliseconds, _options.MissedHeartbeats);
            string reason;
            try
            {
                await channel.SendAsync(ControlCodec.Encode(new ControlEnvelope(ControlProtocol.Version, 0, welcome, helloId)), cancellationToken).ConfigureAwait(false);
                reason = await connection.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ControlChannelClosedException or System.Net.WebSockets.WebSocketException or IOException or OperationCanceledException)
            {
                reason = ex is OperationCanceledException ? "the focus stops" : ex.Message;
                connection.Close(reason);
            }

            if (_focus.OnBridgeLost(connection, reason))
            {
                Counters.BridgeLost();
                BridgeControlLog.Lost(_log, hello.BridgeId, reason);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _open);
            await channel.CloseAsync("bridge channel ended").ConfigureAwait(false);
        }
    }

    private async Task<(HelloMessage? Hello, long? Id)> ReadHelloAsync(IControlChannel channel, string remote, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte>? bytes;
        using (var timeout = new CancellationTokenSource(_options.HelloTimeout, _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
        {
            try
            {
                bytes = await channel.ReceiveAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                await RefuseAsync(channel, remote, null, RefusalReasons.HelloTimeout, $"no hello within {_options.HelloTimeout.TotalSeconds:0.#} s").ConfigureAwait(false);
                return (null, null);
            }
        }

        if (bytes is null)
        {
            return (null, null);
        }

        if (!ControlCodec.TryDecode(bytes.Value.Span, out var envelope, out var error))
        {
            var reason = error!.Code == RefusalReasons.UnsupportedVersion ? RefusalReasons.UnsupportedVersion : RefusalReasons.Malformed;
            await RefuseAsync(channel, remote, error.Id, reason, error.Message).ConfigureAwait(false);
            return (null, null);
        }

        if (envelope!.Message is not HelloMessage hello)
        {
            await RefuseAsync(channel, remote, envelope.Id, RefusalReasons.Malformed, $"the first message must be hello, not '{envelope.Message.GetType().Name}'").ConfigureAwait(false);
            return (null, null);
        }

        if ((BridgeIdProblem(hello.BridgeId) ?? RegionProblem(hello.Region)
                ?? (hello.HttpPort is < 1 or > 65535 ? $"the hello's httpPort {hello.HttpPort} is not a port number (1-65535)" : null)) is { } problem)
        {
            await RefuseAsync(channel, remote, envelope.Id, RefusalReasons.Malformed, problem).ConfigureAwait(false);
            return (null, null);
        }

        if (!hello.Auth.MacMatches(_secret, hello.BridgeId))
        {
            await RefuseAsync(channel, remote, envelope.Id, RefusalReasons.BadSecret, "the hello's MAC does not match: the bridge's control secret differs from the focus's").ConfigureAwait(false);
            return (null, null);
        }

        var skew = _time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(hello.Auth.Timestamp, 0, 253_402_300_799_999));
        if (skew.Duration() > _options.MaxClockSkew)
        {
            await RefuseAsync(channel, remote, envelope.Id, RefusalReasons.StaleTimestamp,
                $"the hello's timestamp is {skew.TotalSeconds:0.#} s from the focus's clock (at most {_options.MaxClockSkew.TotalSeconds:0} s allowed)").ConfigureAwait(false);
            return (null, null);
        }

        if (!_nonces.TryAdd(hello.Auth.Nonce))
        {
            await RefuseAsync(channel, remote, envelope.Id, RefusalReasons.ReplayedNonce, "the hello's nonce was already used").ConfigureAwait(false);
            return (null, null);
        }

        return (hello, envelope.Id);
    }

    private async Task RefuseAsync(IControlChannel channel, string remote, long? replyTo, string reason, string message)
    {
        Counters.Refused(reason);
        BridgeControlLog.Refused(_log, remote, reason, message);
        try
        {
            var refused = new RefusedMessage(reason, message);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);
            await channel.SendAsync(ControlCodec.Encode(new ControlEnvelope(ControlProtocol.Version, 0, refused, replyTo)), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ControlChannelClosedException or System.Net.WebSockets.WebSocketException or IOException or OperationCanceledException)
        {
        }

        await channel.CloseAsync($"refused: {reason}").ConfigureAwait(false);
    }

    /// <summary><c>http://address:port/stats</c> of a bridge whose channel came from <paramref name="address"/>; null when either is unknown.</summary>
    internal static string? StatsUrl(System.Net.IPAddress? address, int? httpPort)
    {
        if (address is null || httpPort is not { } port)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return $"http://{host}:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/stats";
    }

    /// <summary>Bridge ids are 1–64 characters of letters, digits, '-', '_' and '.' (they appear in logs, metrics and URLs).</summary>
    public static string? BridgeIdProblem(string id) =>
        id.Length is >= 1 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? null
            : "a bridge id must be 1-64 characters of letters, digits, '-', '_' and '.'";

    /// <summary>Regions are empty or 1–64 such characters.</summary>
    public static string? RegionProblem(string region) =>
        region.Length == 0 || BridgeIdProblem(region) is null ? null : "a region must be empty or 1-64 characters of letters, digits, '-', '_' and '.'";
}
