using System.Runtime.InteropServices;

namespace ScaleMeet.Bridge.Net;

/// <summary>The batched datagram system calls of Linux (glibc), for <see cref="MediaSocket"/>.</summary>
internal static unsafe partial class LinuxSocketCalls
{
    /// <summary>MSG_DONTWAIT: return EAGAIN instead of blocking.</summary>
    public const int DontWait = 0x40;

    public const int EAgain = 11;
    public const int EIntr = 4;

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMmsg(int fd, MessageBatch.MMsgHdr* messages, uint count, int flags, nint timeout);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMmsg(int fd, MessageBatch.MMsgHdr* messages, uint count, int flags);

    /// <summary>POLLIN: data to read.</summary>
    public const short PollIn = 0x001;

    /// <summary>One descriptor for <see cref="Poll"/> (struct pollfd).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    /// <summary>True on 64-bit Linux, where the structure layouts of <see cref="MessageBatch"/> hold and glibc has both calls.</summary>
    public static bool Available { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess && Probe();

    private static bool Probe()
    {
        try
        {
            // A zero-length batch on an invalid descriptor: EBADF proves the entry points resolve.
            SendMmsg(-1, null, 0, 0);
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
