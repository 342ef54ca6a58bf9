using System.Diagnostics;
using System.Globalization;

namespace ScaleMeet.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A test host of our own: a network namespace joined to this machine by a veth pair
/// (10.233.N.1 here, 10.233.N.2 inside), with an optional rate limit on the traffic going into it
/// (the namespace's downlink). Needs root and iproute2; everything is removed on dispose.
/// </summary>
internal sealed class NetworkNamespace : IDisposable
{
    private static int _next = Random.Shared.Next(0, 200);

    private NetworkNamespace(string name, int subnet)
    {
        Name = name;
        HostInterface = $"{name}-h";
        HostAddress = $"10.233.{subnet}.1";
        InsideAddress = $"10.233.{subnet}.2";
    }

    public string Name { get; }

    public string HostInterface { get; }

    /// <summary>This machine's end of the veth pair.</summary>
    public string HostAddress { get; }

    /// <summary>The namespace's end of the veth pair.</summary>
    public string InsideAddress { get; }

    public static NetworkNamespace Create()
    {
        var subnet = (Interlocked.Increment(ref _next) % 250) + 1;
        var name = "smt" + subnet.ToString(CultureInfo.InvariantCulture);
        var ns = new NetworkNamespace(name, subnet);
        Run("ip", $"netns del {name}", ignoreFailure: true);
        Run("ip", $"link del {ns.HostInterface}", ignoreFailure: true);
        Run("ip", $"netns add {name}");
        Run("ip", $"link add {ns.HostInterface} type veth peer name {name}-i");
        Run("ip", $"link set {name}-i netns {name}");
        Run("ip", $"addr add {ns.HostAddress}/30 dev {ns.HostInterface}");
        Run("ip", $"link set {ns.HostInterface} up");
        Run("ip", $"netns exec {name} ip addr add {ns.InsideAddress}/30 dev {name}-i");
        Run("ip", $"netns exec {name} ip link set {name}-i up");
        Run("ip", $"netns exec {name} ip link set lo up");
        return ns;
    }

    /// <summary>Limits what flows into the namespace to <paramref name="kilobitsPerSecond"/> (token bucket).</summary>
    public string LimitDownlink(int kilobitsPerSecond) =>
        Run("tc", $"qdisc replace dev {HostInterface} root tbf rate {kilobitsPerSecond}kbit burst 16kb latency 150ms");

    /// <summary>The limit's counters (tc -s qdisc), for test output.</summary>
    public string LimitStatistics() => Run("tc", $"-s qdisc show dev {HostInterface}");

    public string RemoveLimit() => Run("tc", $"qdisc del dev {HostInterface} root", ignoreFailure: true);

    /// <summary>A script that runs Chromium inside the namespace (Playwright talks to it over pipes, which cross namespaces).</summary>
    public string WriteChromiumLauncher(string chromium)
    {
        var path = Path.Combine(Path.GetTempPath(), $"chromium-in-{Name}-{Environment.ProcessId}.sh");
        File.WriteAllText(path, $"#!/bin/sh\nexec ip netns exec {Name} {chromium} \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    public void Dispose()
    {
        Run("ip", $"link del {HostInterface}", ignoreFailure: true);
        Run("ip", $"netns del {Name}", ignoreFailure: true);
    }

    private static string Run(string file, string arguments, bool ignoreFailure = false)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot run {file}");
        var stdout = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && !ignoreFailure)
        {
            throw new InvalidOperationException($"'{file} {arguments}' failed ({process.ExitCode}): {error.Trim()} — network tests need root and iproute2");
        }

        return stdout;
    }
}
