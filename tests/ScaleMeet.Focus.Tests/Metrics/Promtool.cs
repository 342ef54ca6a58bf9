using System.Diagnostics;

namespace ScaleMeet.Focus.Tests.Metrics;

/// <summary>
/// Runs <c>promtool check metrics</c> (Debian package prometheus) on an exposition. Exit code 0: parsed, no lint
/// problems; 3: parsed, lint problems (one line each, "name problem", on stderr in 2.42 and stdout in later
/// versions); 1: the text did not parse.
/// </summary>
internal static class Promtool
{
    public static string? Path { get; } = Find();

    public static async Task<(int ExitCode, string[] Problems)> CheckMetricsAsync(string exposition)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException("promtool is not installed"), ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        var problems = (await stdout + await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (process.ExitCode, problems);
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, "promtool"))
            .FirstOrDefault(File.Exists);
}

/// <summary>A fact that is skipped when promtool is not installed.</summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        if (Promtool.Path is null)
        {
            Skip = "promtool is not installed (Debian: apt-get install prometheus)";
        }
    }
}
