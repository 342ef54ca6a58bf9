using System.Runtime.InteropServices;

namespace ScaleMeet.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Gives every thread of a set of processes another nice value for a while and puts the old ones back on dispose.
/// Linux only; raising a priority (a negative nice) needs root, and without it nothing changes
/// (<see cref="Changed"/> says how many threads did). Threads the processes start meanwhile inherit the new value
/// from their creator.
/// </summary>
internal sealed partial class ProcessPriority : IDisposable
{
    private const int PrioProcess = 0;

    private readonly List<(int Tid, int Nice)> _previous = [];

    private ProcessPriority()
    {
    }

    /// <summary>Threads whose nice value was changed.</summary>
    public int Changed => _previous.Count;

    /// <summary>Sets <paramref name="nice"/> on every thread of every process whose executable is <paramref name="executable"/>.</summary>
    public static ProcessPriority OfExecutable(string executable, int nice)
    {
        var priority = new ProcessPriority();
        if (!OperatingSystem.IsLinux())
        {
            return priority;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _) || !IsExecutable(dir, executable))
            {
                continue;
            }

            IEnumerable<string> tasks;
            try
            {
                tasks = Directory.EnumerateDirectories(Path.Combine(dir, "task")).ToArray();
            }
            catch (IOException)
            {
                continue; // the process ended meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var task in tasks)
            {
                if (int.TryParse(Path.GetFileName(task), out var tid))
                {
                    priority.Set(tid, nice);
                }
            }
        }

        return priority;
    }

    public void Dispose()
    {
        foreach (var (tid, nice) in _previous)
        {
            _ = SetPriority(PrioProcess, tid, nice); // a thread that ended meanwhile fails, harmlessly
        }

        _previous.Clear();
    }

    private void Set(int tid, int nice)
    {
        Marshal.SetLastPInvokeError(0);
        var old = GetPriority(PrioProcess, tid);
        if (old == -1 && Marshal.GetLastPInvokeError() != 0)
        {
            return;
        }

        if (SetPriority(PrioProcess, tid, nice) == 0)
        {
            _previous.Add((tid, old));
        }
    }

    private static bool IsExecutable(string processDir, string executable)
    {
        try
        {
            return new FileInfo(Path.Combine(processDir, "exe")).LinkTarget == executable;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static partial int GetPriority(int which, int who);

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int prio);
}
