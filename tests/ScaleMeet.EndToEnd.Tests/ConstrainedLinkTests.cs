using ScaleMeet.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScaleMeet.EndToEnd.Tests;

/// <summary>
/// A receiver behind a slow link: Chromium in a network namespace of ours whose downlink is limited with
/// tc (token bucket), the server and the senders on this machine. The bridge's bandwidth estimate (from the
/// receiver's transport-cc feedback) must keep every source decoding at lower layers, and climb back when
/// the limit goes.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConstrainedLinkTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const int DownlinkKbps = 600;

    [Fact]
    public async Task Receiver600kDownlink_EverySourceKeepsDecoding_ThenStageClimbsTo720WhenLifted()
    {
        using var ns = NetworkNamespace.Create();
        await using var server = await ScaleMeetProcess.StartOnAsync(ns.HostAddress, "--advertise-ip", ns.HostAddress);
        var secureOrigin = $"--unsafely-treat-insecure-origin-as-secure={server.BaseUrl}";
        var outside = await browser.LaunchAsync(BrowserFixture.ChromiumPath, secureOrigin);
        var inside = await browser.LaunchAsync(ns.WriteChromiumLauncher(BrowserFixture.ChromiumPath), secureOrigin);
        try
        {
            ns.LimitDownlink(DownlinkKbps);
            await using var bob = await MeetingPage.JoinAsync(outside, server.BaseUrl, "slow", "Bob", 1280, 720, 15);
            await using var carol = await MeetingPage.JoinAsync(outside, server.BaseUrl, "slow", "Carol");
            await using var alice = await MeetingPage.JoinAsync(inside, server.BaseUrl, "slow", "Alice");
            var bobId = await bob.ParticipantIdAsync();
            var carolId = await carol.ParticipantIdAsync();
            await alice.SetStageAsync(bobId);

            // The first 10 s are for the estimate to find the link; then 20 s without a freeze over 2 s.
            await Eventually.WaitForAsync(alice.InboundAsync, t => MeetingTests.SendersWithFullMedia(t) == 2, TimeSpan.FromSeconds(60), "Alice decoding both senders");
            await Task.Delay(TimeSpan.FromSeconds(10));
            var longest = new Dictionary<string, TimeSpan>();
            var lastChange = new Dictionary<string, (long Frames, DateTime At)>();
            var heights = new HashSet<long>();
            var end = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (DateTime.UtcNow < end)
            {
                var now = DateTime.UtcNow;
                foreach (var id in new[] { bobId, carolId })
                {
                    var track = (await alice.InboundAsync()).FirstOrDefault(t => t.Kind == "video" && t.ParticipantId == id);
                    var frames = track?.FramesDecoded ?? 0;
                    heights.Add(track?.FrameHeight ?? 0);
                    if (!lastChange.TryGetValue(id, out var last) || frames > last.Frames)
                    {
                        lastChange[id] = (frames, now);
                    }

                    longest[id] = TimeSpan.FromTicks(Math.Max(longest.GetValueOrDefault(id).Ticks, (now - lastChange[id].At).Ticks));
                }

                await Task.Delay(200);
            }

            output.WriteLine($"limited to {DownlinkKbps} kbit/s: longest gap without a new frame: {string.Join(", ", longest.Select(l => $"{(l.Key == bobId ? "Bob" : "Carol")} {l.Value.TotalMilliseconds:0} ms"))}; heights seen {string.Join("/", heights)}");
            output.WriteLine(ns.LimitStatistics());
            Assert.All(longest.Values, gap => Assert.True(gap < TimeSpan.FromSeconds(2), $"a freeze of {gap.TotalMilliseconds:0} ms"));
            Assert.True(heights.Max() < 720, "720p does not fit a 600 kbit/s link");

            ns.RemoveLimit();
            var started = DateTime.UtcNow;
            await Eventually.WaitForAsync(alice.InboundAsync, t => t.Any(x => x.Kind == "video" && x.ParticipantId == bobId && x.FrameHeight == 720),
                TimeSpan.FromSeconds(20), "Bob's stage video back to 720p after the limit is lifted");
            output.WriteLine($"720p again {(DateTime.UtcNow - started).TotalSeconds:0.0} s after the limit was lifted");
        }
        finally
        {
            await inside.CloseAsync();
            await outside.CloseAsync();
        }
    }
}
