using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ScaleMeet.EndToEnd.Tests.Infrastructure;

/// <summary>Runs <c>scalemeet-load</c> (built next to the tests) as a user would, capturing its output and exit code.</summary>
internal sealed class LoadToolProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Func<string, bool>? _interruptWhen;
    private int _interrupted;

    private LoadToolProcess(Process process, Func<string, bool>? interruptWhen)
    {
        _process = process;
        _interruptWhen = interruptWhen;
    }

    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
    }

    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public static Task<Result> RunAsync(TimeSpan timeout, params string[] args) => RunAsync(timeout, null, args);

    /// <summary>Runs the tool to its end; when a line of its standard output matches <paramref name="interruptWhen"/>, sends it SIGINT (Ctrl-C) once.</summary>
    public static async Task<Result> RunAsync(TimeSpan timeout, Func<string, bool>? interruptWhen, params string[] args)
    {
        await using var tool = Start(interruptWhen, args);
        return await tool.WaitAsync(timeout);
    }

    /// <summary>Starts the tool and returns while it runs.</summary>
    public static LoadToolProcess Start(Func<string, bool>? interruptWhen, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "scalemeet-load.dll");
        // Through `env --default-signal=INT`: a test host started in the background by a non-interactive shell has SIGINT
        // ignored, and an ignored SIGINT is inherited (the runtime then never sees Ctrl-C). A user's terminal has no such
        // problem; the tests must not depend on how they were launched.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start scalemeet-load");
        var tool = new LoadToolProcess(process, interruptWhen);
        process.OutputDataReceived += (_, e) => tool.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (tool._stderr)
            {
                tool._stderr.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return tool;
    }

    /// <summary>Sends SIGINT, what Ctrl-C in a terminal sends.</summary>
    public void Interrupt()
    {
        if (Interlocked.Exchange(ref _interrupted, 1) == 0 && !_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            kill?.WaitForExit();
        }
    }

    public async Task<Result> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scalemeet-load did not finish within {timeout}:\n{StandardOutput}\n{_stderr}");
        }

        _process.WaitForExit();
        lock (_stderr)
        {
            return new Result(_process.ExitCode, StandardOutput, _stderr.ToString());
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnOutput(string? line)
    {
        lock (_stdout)
        {
            _stdout.AppendLine(line);
        }

        if (line is not null && _interruptWhen is not null && _interruptWhen(line))
        {
            Interrupt();
        }
    }
}
