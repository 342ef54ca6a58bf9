using System.Text.Json;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScaleMeet.EndToEnd.Tests.Janus;

/// <summary><c>scalemeet-load --target janus://…</c>: the same synthetic participants against Janus VideoRoom, as the side-by-side benchmark runs them.</summary>
public sealed class JanusLoadToolTests(ITestOutputHelper output)
{
    [JanusFact]
    public async Task ScenarioS1_AgainstJanus_EveryParticipantPublishesAndReceivesEveryOther()
    {
        var directory = Directory.CreateTempSubdirectory("janus-load-");
        var janus = JanusInNamespace.Start(directory.FullName);
        try
        {
            var json = Path.Combine(directory.FullName, "results.json");

            var run = await LoadToolProcess.RunAsync(TimeSpan.FromMinutes(5), "--scenario", "S1", "--duration", "10",
                "--target", $"janus://{janus.InsideAddress}:{JanusInNamespace.WebSocketPort}/", "--bind", janus.HostAddress,
                "--server-pid", janus.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", json);

            output.WriteLine(run.StandardOutput);
            Assert.True(run.ExitCode == 0, $"{run}\n--- last lines of {janus.LogPath} ---\n{janus.LogTail()}");
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var root = doc.RootElement;
            Assert.Equal("janus", root.GetProperty("system").GetString());
            var participants = root.GetProperty("participants").EnumerateArray().ToList();
            Assert.Equal(3, participants.Count);
            foreach (var p in participants)
            {
                Assert.True(p.GetProperty("connected").GetBoolean(), p.ToString());
                Assert.Equal(2, p.GetProperty("videoStreamsReceived").GetInt32());
                Assert.Equal(2, p.GetProperty("audioStreamsReceived").GetInt32());
                // Janus forwards the top (720p) layer of both others: well over 1 Mbit/s, and we send all three layers.
                Assert.True(p.GetProperty("recvKbps").GetDouble() > 1000, p.ToString());
                Assert.True(p.GetProperty("sendKbps").GetDouble() > 1000, p.ToString());
                Assert.InRange(p.GetProperty("lossPct").GetDouble(), 0, 1);
            }

            // Janus's own process (in its namespace, given by pid) is what CPU and memory were sampled from.
            Assert.Contains(root.GetProperty("server").EnumerateArray(), s => s.GetProperty("rssMb").ValueKind == JsonValueKind.Number);
            Assert.True(root.GetProperty("summary").GetProperty("serverCpuCores").GetDouble() > 0);
        }
        finally
        {
            janus.Dispose();
            directory.Delete(recursive: true);
        }
    }
}
