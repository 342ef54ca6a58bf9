using System.ComponentModel;
using System.Diagnostics;

namespace ScaleMeet.LoadTest.SyntheticMedia;

/// <summary>
/// Runs <c>bash load-media.sh &lt;dir&gt;</c> (the script that makes the media with ffmpeg) and turns every way it
/// can fail into a <see cref="MediaUnavailableException"/> carrying the last lines the script wrote to stderr.
/// </summary>
internal static class MediaScript
{
    private const int StderrTailLines = 15;

    /// <summary>Runs <paramref name="scriptPath"/> for <paramref name="directory"/>; throws unless it exits with 0 in time.</summary>
    public static void Run(string scriptPath, string directory, TimeSpan timeout)
    {
        if (!File.Exists(scriptPath))
        {
            throw new MediaUnavailableException(
                $"The load-test media are missing from {directory} and the script that makes them, {scriptPath}, does not exist " +
                "(it is copied beside scalemeet-load at build time); run scripts/load-media.sh <dir> by hand or pass a media directory.");
        }

        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(scriptPath);
        start.ArgumentList.Add(directory);

        var tail = new Queue<string>();
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new MediaUnavailableException("bash did not start.");
        }
        catch (Win32Exception e)
        {
            throw new MediaUnavailableException($"Cannot run bash to make the load-test media ({e.Message}).", e);
        }

        using (process)
        {
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    return;
                }

                lock (tail)
                {
                    tail.Enqueue(e.Data);
                    while (tail.Count > StderrTailLines)
                    {
                        tail.Dequeue();
                    }
                }
            };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new MediaUnavailableException($"{scriptPath} did not finish making the load-test media within {timeout.TotalSeconds:0} s.");
            }

            // Drains the asynchronous readers.
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                string stderr;
                lock (tail)
                {
                    stderr = string.Join(Environment.NewLine, tail);
                }

                throw new MediaUnavailableException(
                    $"{scriptPath} {directory} failed with exit code {process.ExitCode} while making the load-test media with ffmpeg:" +
                    Environment.NewLine + stderr);
            }
        }
    }
}
