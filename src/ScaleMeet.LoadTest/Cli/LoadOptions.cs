using System.Net;

namespace ScaleMeet.LoadTest.Cli;

/// <summary>Which kind of server <see cref="LoadOptions.Target"/> is.</summary>
public enum TargetSystem
{
    ScaleMeet,
    Janus,
}

/// <summary>Everything a run of <c>scalemeet-load</c> needs, parsed and validated by <see cref="OptionsParser"/>.</summary>
public sealed record LoadOptions
{
    public required Scenario Scenario { get; init; }

    /// <summary>The server: <c>http(s)://host:port</c> (ScaleMeet) or <c>janus://host:port/</c> (Janus WebSocket API).</summary>
    public required Uri Target { get; init; }

    public required TargetSystem System { get; init; }

    /// <summary>Seconds of measurement, starting 2 s after the last participant joined (the joins' transient left out). Default 60.</summary>
    public double DurationSeconds { get; init; } = 60;

    /// <summary>Participants joining per second. Default 5.</summary>
    public double RampPerSecond { get; init; } = 5;

    /// <summary>Where the JSON results go; null = not written.</summary>
    public string? OutPath { get; init; }

    /// <summary>Where the HTML report goes; null = not written.</summary>
    public string? ReportPath { get; init; }

    /// <summary>The media cache (made by load-media.sh when missing); null = the default cache directory.</summary>
    public string? MediaDirectory { get; init; }

    /// <summary>Largest video height each participant asks for from every other. Default 720 (what Janus forwards by default).</summary>
    public int ReceiveHeight { get; init; } = 720;

    /// <summary>Local address the participants' UDP sockets bind to. Default: any.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>The server's process id, for CPU and RSS; null = found by the target's TCP port when the server runs here.</summary>
    public int? ServerPid { get; init; }

    /// <summary>Prefix of the room names (rooms are prefix-1, prefix-2, …). Default "load-" + a random suffix.</summary>
    public string RoomPrefix { get; init; } = "load-" + Guid.NewGuid().ToString("N")[..6] + "-";

    /// <summary>The participants' region per conference (conference c gets <c>Regions[c % Count]</c>); empty = none sent.</summary>
    public IReadOnlyList<string> Regions { get; init; } = [];

    /// <summary>The region of conference <paramref name="conference"/> (0-based), or null when <see cref="Regions"/> is empty.</summary>
    public string? RegionOf(int conference) => Regions.Count == 0 ? null : Regions[conference % Regions.Count];

    /// <summary>The servers' admin token for /stats and /api/bridges off this machine; null = none (loopback is served without).</summary>
    public string? AdminToken { get; init; }

    /// <summary>No live progress lines (tests, CI logs).</summary>
    public bool Quiet { get; init; }
}
