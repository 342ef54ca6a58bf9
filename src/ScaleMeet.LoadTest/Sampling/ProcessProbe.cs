using System.Globalization;

namespace ScaleMeet.LoadTest.Sampling;

/// <summary>
/// CPU time and resident memory of a process on this machine, from Linux's <c>/proc/&lt;pid&gt;/stat</c> and
/// <c>/proc/&lt;pid&gt;/status</c>. Null figures when the process is gone or /proc is not there.
/// </summary>
public sealed class ProcessProbe(int pid)
{
    /// <summary>Clock ticks per second of <c>utime</c>/<c>stime</c> (USER_HZ; 100 on every Linux we run on).</summary>
    private const double TicksPerSecond = 100;

    public int Pid { get; } = pid;

    /// <summary>User + system CPU seconds used so far; null when unreadable.</summary>
    public double? CpuSeconds()
    {
        var stat = Read($"/proc/{Pid}/stat");
        if (stat is null)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces: fields after it start past the last ')'.
        var close = stat.LastIndexOf(')');
        var fields = stat[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state); utime is field 14, stime field 15.
        return fields.Length > 13 &&
               long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var utime) &&
               long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var stime)
            ? (utime + stime) / TicksPerSecond
            : null;
    }

    /// <summary>Resident set size (VmRSS), MB; null when unreadable.</summary>
    public double? RssMegabytes() => StatusField("VmRSS:") is { } kb ? kb / 1024.0 : null;

    /// <summary>
    /// Where the resident memory is, MB (the <c>RssAnon:</c>, <c>RssFile:</c> and <c>RssShmem:</c> lines: heap and
    /// buffers; mapped files such as the runtime's libraries; shared memory such as .NET's double-mapped JIT code); null
    /// when unreadable.
    /// </summary>
    public (double Anonymous, double File, double Shared)? RssBreakdownMegabytes() =>
        StatusField("RssAnon:") is { } anon && StatusField("RssFile:") is { } file && StatusField("RssShmem:") is { } shmem
            ? (anon / 1024.0, file / 1024.0, shmem / 1024.0)
            : null;

    /// <summary>Threads of the process now (the <c>Threads:</c> line of /proc/&lt;pid&gt;/status); null when unreadable.</summary>
    public int? Threads() => StatusField("Threads:") is { } threads ? (int)threads : null;

    /// <summary>
    /// The process listening on TCP <paramref name="port"/> in this network namespace (from <c>/proc/net/tcp*</c> and the
    /// processes' socket descriptors); null when none is found (a server elsewhere, or not allowed to look).
    /// </summary>
    public static int? FindListener(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            var text = Read(table);
            if (text is null)
            {
                continue;
            }

            foreach (var line in text.Split('\n').Skip(1))
            {
                // sl local_address rem_address st ... inode: "0: 0100007F:1F90 00000000:0000 0A ... 12345"
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length > 9 && f[3] == "0A" && f[1].LastIndexOf(':') is var colon and > 0 &&
                    int.TryParse(f[1][(colon + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var p) && p == port)
                {
                    inodes.Add($"socket:[{f[9]}]");
                }
            }
        }

        if (inodes.Count == 0)
        {
            return null;
        }

        foreach (var dir in SafeEnumerate("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            foreach (var fd in SafeEnumerate(Path.Combine(dir, "fd")))
            {
                try
                {
                    if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target))
                    {
                        return pid;
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                }
            }
        }

        return null;
    }

    private static IEnumerable<string> SafeEnumerate(string directory)
    {
        try
        {
            return Directory.GetFileSystemEntries(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The number opening the value of the /proc/&lt;pid&gt;/status line named <paramref name="name"/>; null when absent.</summary>
    private long? StatusField(string name)
    {
        var status = Read($"/proc/{Pid}/status");
        foreach (var line in status?.Split('\n') ?? [])
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                var number = line[name.Length..].Trim().Split(' ')[0];
                return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
            }
        }

        return null;
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
