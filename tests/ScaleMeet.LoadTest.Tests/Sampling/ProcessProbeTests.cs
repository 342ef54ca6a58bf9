using System.Net;
using System.Net.Sockets;
using ScaleMeet.LoadTest.Sampling;

namespace ScaleMeet.LoadTest.Tests.Sampling;

public sealed class ProcessProbeTests
{
    [Fact]
    public void OwnProcess_HasCpuTimeThatGrowsAndResidentMemory()
    {
        var probe = new ProcessProbe(Environment.ProcessId);
        var before = probe.CpuSeconds();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        double? after;
        do
        {
            var x = 0.0;
            for (var i = 0; i < 5_000_000; i++)
            {
                x += Math.Sqrt(i);
            }

            GC.KeepAlive(x);
            after = probe.CpuSeconds();
        }
        while (after <= before && DateTime.UtcNow < deadline);

        Assert.NotNull(before);
        Assert.True(after > before, $"cpu {before} → {after}");
        Assert.InRange(probe.RssMegabytes()!.Value, 5, 4096);
    }

    [Fact]
    public void GoneProcess_GivesNulls()
    {
        var probe = new ProcessProbe(int.MaxValue);
        Assert.Null(probe.CpuSeconds());
        Assert.Null(probe.RssMegabytes());
        Assert.Null(probe.Threads());
    }

    [Fact]
    public void OwnProcess_ThreadsCountsAThreadWeStart()
    {
        var probe = new ProcessProbe(Environment.ProcessId);
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var before = probe.Threads();
        var thread = new Thread(() =>
        {
            started.Set();
            release.Wait();
        });
        thread.Start();
        started.Wait();

        var during = probe.Threads();
        var tasks = Directory.GetDirectories($"/proc/{Environment.ProcessId}/task").Length; // one entry per thread
        release.Set();
        thread.Join();

        Assert.NotNull(before);
        Assert.NotNull(during);
        Assert.InRange(tasks, during.Value - 3, during.Value + 3); // the runtime may start or end a thread in between
    }

    [Fact]
    public void FindListener_OurTcpListener_IsThisProcess()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        Assert.Equal(Environment.ProcessId, ProcessProbe.FindListener(port));
        listener.Stop();
        Assert.Null(ProcessProbe.FindListener(port));
    }
}
