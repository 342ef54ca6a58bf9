using System.Globalization;
using ScaleMeet.LoadTest.Hostile;

namespace ScaleMeet.LoadTest.Cli;

/// <summary>
/// <c>scalemeet-load hostile --room NAME [--target URL] [--attacks nack-storm,transport-cc-flood] [--duration SECONDS]
/// [--rate PER_SECOND]</c>: one receive-only participant joins the room and abuses its feedback for a while (for
/// benchmarks of the bridge's budgets: bench/feedback-attacks.sh), then prints what it sent and what came back.
/// Exit 0 when every attack ran, 1 when the participant could not join or never received video for the NACK storm.
/// </summary>
public static class HostileCommand
{
    public const string Usage = "usage: scalemeet-load hostile --room NAME [--target http://host:port] "
        + "[--attacks nack-storm,transport-cc-flood] [--duration SECONDS] [--rate PER_SECOND]";

    private static readonly TimeSpan VideoTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new OptionsException($"hostile: expected --name value pairs, got '{args[i]}' ({Usage})");
            }

            var name = args[i][2..];
            if (name is not ("room" or "target" or "attacks" or "duration" or "rate") || !values.TryAdd(name, args[i + 1]))
            {
                throw new OptionsException($"hostile: unknown or repeated option --{name} ({Usage})");
            }
        }

        var room = values.GetValueOrDefault("room") ?? throw new OptionsException($"hostile: --room is required ({Usage})");
        if (!Uri.TryCreate(values.GetValueOrDefault("target", "http://localhost:8080"), UriKind.Absolute, out var target) ||
            target.Scheme is not ("http" or "https"))
        {
            throw new OptionsException("hostile: --target must be a ScaleMeet server's http(s) URL");
        }

        var attacks = ParseAttacks(values.GetValueOrDefault("attacks", "nack-storm,transport-cc-flood"));
        var duration = TimeSpan.FromSeconds(Number(values, "duration", 30, 1, 3600));
        var rate = Number(values, "rate", 50, 0.1, 1000);

        HostileReceiver receiver;
        try
        {
            receiver = await HostileReceiver.JoinAsync(target, room, "hostile", cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Net.WebSockets.WebSocketException or System.Net.Http.HttpRequestException or TimeoutException)
        {
            await output.WriteLineAsync($"hostile: could not join room '{room}' at {target}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await using var joined = receiver;
        if (attacks.Contains(FeedbackAttack.NackStorm) && !await WaitForVideoAsync(receiver, cancellationToken).ConfigureAwait(false))
        {
            await output.WriteLineAsync($"hostile: no video arrived in room '{room}' within {VideoTimeout.TotalSeconds:0} s").ConfigureAwait(false);
            return 1;
        }

        var (mediaBefore, rtxBefore) = (receiver.MediaBytes, receiver.RtxBytes);
        var sent = await Task.WhenAll(attacks.Select(a => FeedbackAttacker.RunAsync(receiver, a, duration, rate, cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < attacks.Count; i++)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"hostile: {Name(attacks[i])}: {sent[i]} packets in {duration.TotalSeconds:0} s")).ConfigureAwait(false);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"hostile: received {receiver.MediaBytes - mediaBefore} media bytes and {receiver.RtxBytes - rtxBefore} RTX bytes meanwhile")).ConfigureAwait(false);
        return 0;
    }

    private static async Task<bool> WaitForVideoAsync(HostileReceiver receiver, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + VideoTimeout;
        while (!receiver.TryGetVideo(out _, out _))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private static List<FeedbackAttack> ParseAttacks(string text)
    {
        var attacks = new List<FeedbackAttack>();
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            attacks.Add(name switch
            {
                "nack-storm" => FeedbackAttack.NackStorm,
                "transport-cc-flood" => FeedbackAttack.TransportCcFlood,
                _ => throw new OptionsException($"hostile: --attacks takes nack-storm and transport-cc-flood, got '{name}'"),
            });
        }

        return attacks.Count > 0 ? attacks : throw new OptionsException("hostile: --attacks names no attack");
    }

    private static string Name(FeedbackAttack attack) => attack == FeedbackAttack.NackStorm ? "nack-storm" : "transport-cc-flood";

    private static double Number(Dictionary<string, string> values, string name, double fallback, double min, double max)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new OptionsException(string.Create(CultureInfo.InvariantCulture, $"hostile: --{name} must be a number {min}..{max}, got '{text}'"));
    }
}
