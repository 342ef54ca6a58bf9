using System.Diagnostics;
using System.Globalization;
using ScaleMeet.LoadTest.Sampling;

namespace ScaleMeet.EndToEnd.Tests.Janus;

/// <summary>
/// Janus running inside a network namespace of its own, started and stopped by the repository's
/// <c>scripts/janus-netns.sh</c> (the one the benchmark comparison uses) with the configuration in <c>deploy/janus</c>.
/// The namespace is joined to this machine by a veth pair: 10.234.N.1 here (our transports bind to it), 10.234.N.2
/// inside (Janus's WebSocket API and media). Janus's output goes to <see cref="LogPath"/>. Needs root and iproute2.
/// </summary>
internal sealed class JanusInNamespace : IDisposable
{
    public const string Executable = "/usr/bin/janus";

    public const int WebSocketPort = 8188;

    private static int _next = Random.Shared.Next(0, 200);

    private JanusInNamespace(string name, int index, string directory, int pid)
    {
        Name = name;
        HostAddress = $"10.234.{index}.1";
        InsideAddress = $"10.234.{index}.2";
        Directory = directory;
        Pid = pid;
    }

    public string Name { get; }

    /// <summary>This machine's end of the veth pair: bind the synthetic transports here.</summary>
    public string HostAddress { get; }

    /// <summary>Janus's address.</summary>
    public string InsideAddress { get; }

    public Uri WebSocketUri => new($"ws://{InsideAddress}:{WebSocketPort}");

    /// <summary>Holds the config copy and janus.log.</summary>
    public string Directory { get; }

    public string LogPath => Path.Combine(Directory, $"janus-netns-{Name}", "janus.log");

    public int Pid { get; }

    /// <summary>Starts Janus in a new namespace under <paramref name="directory"/>; returns once its WebSocket port answers.</summary>
    public static JanusInNamespace Start(string directory)
    {
        var index = (Interlocked.Increment(ref _next) % 250) + 1;
        var name = "smj" + index.ToString(CultureInfo.InvariantCulture);
        var output = Script(directory, "start", name, index.ToString(CultureInfo.InvariantCulture), WebSocketPort.ToString(CultureInfo.InvariantCulture));
        var pid = int.Parse(output.Trim().Split('\n')[^1], CultureInfo.InvariantCulture);
        return new JanusInNamespace(name, index, directory, pid);
    }

    /// <summary>True while the namespace exists (<c>ip netns list</c>).</summary>
    public static bool NamespaceExists(string name) =>
        Run("ip", ["netns", "list"]).Split('\n').Any(line => line.Split(' ')[0] == name);

    /// <summary>The last <paramref name="lines"/> lines of Janus's output, for failure messages.</summary>
    public string LogTail(int lines = 40)
    {
        try
        {
            var all = File.ReadAllLines(LogPath);
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException ex)
        {
            return $"(no log: {ex.Message})";
        }
    }

    /// <summary>Janus's CPU time so far (user + system) and resident memory, from /proc.</summary>
    public (TimeSpan Cpu, long RssBytes) Usage()
    {
        var probe = new ProcessProbe(Pid);
        var cpu = probe.CpuSeconds() ?? throw new InvalidOperationException($"Janus (pid {Pid}) is gone");
        var rss = probe.RssMegabytes() ?? throw new InvalidOperationException($"Janus (pid {Pid}) is gone");
        return (TimeSpan.FromSeconds(cpu), (long)(rss * (1 << 20)));
    }

    public void Dispose() => Script(Directory, "stop", Name);

    private static string Script(string directory, params string[] arguments)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "janus-netns.sh");
        var environment = new Dictionary<string, string> { ["JANUS_NETNS_DIR"] = directory };
        return Run("bash", [script, .. arguments], environment);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "janus-netns.sh")))
            {
                return dir.FullName;
            }
        }

        throw new FileNotFoundException("scripts/janus-netns.sh not found above " + AppContext.BaseDirectory);
    }

    private static string Run(string file, string[] arguments, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot run {file}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {string.Join(' ', arguments)}' failed ({process.ExitCode}): {stderr.Result.Trim()} — Janus tests need root, iproute2 and janus");
        }

        return stdout;
    }
}
