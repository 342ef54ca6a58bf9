using System.Text.Json;
using Microsoft.Playwright;
using ScaleMeet.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ScaleMeet.EndToEnd.Tests;

/// <summary>
/// People come and go while a Chromium receiver stays: the bridge recycles the subscribe sections of tracks that
/// went, so the receiver's subscribe description stays at the size of the tracks present, and the receiver decodes
/// a newcomer's video on a recycled section (new SSRC and msid on an existing transceiver).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SubscribeSectionReuseTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const int Guests = 4;
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(60);

    private const string JoinGuest = """
        async ({ room, name }) => {
          const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360, frameRate: 15 } });
          const session = new window.scaleMeet.Session({ url: window.scaleMeet.signalingUrl, room, displayName: name, stream });
          await session.join();
          window.__guest = { session, stream };
          return session.participantId;
        }
        """;

    private const string LeaveGuest = """
        () => { window.__guest.session.leave(); for (const t of window.__guest.stream.getTracks()) t.stop(); window.__guest = null; }
        """;

    private const string ReceiverState = """
        async () => JSON.stringify({
          sdp: window.scaleMeet.session.subscribeDescriptions().offer ?? '',
          answer: window.scaleMeet.session.subscribeDescriptions().answer ?? '',
          stats: await window.scaleMeet.inboundStats(),
        })
        """;

    [Fact]
    public async Task GuestsJoinAndLeave_ReceiverSectionsStayBounded_NewcomerDecodedOnARecycledSection()
    {
        await using var server = await ScaleMeetProcess.StartAsync();
        await using var receiver = await MeetingPage.JoinAsync(browser.Browser, server.BaseUrl, "reuse", "Receiver");
        var guestContext = await browser.Browser.NewContextAsync();
        try
        {
            var guestPage = await guestContext.NewPageAsync();
            await guestPage.GotoAsync($"{server.BaseUrl}/");
            var midsByGuest = new List<(string Guest, string VideoMid)>();
            for (var i = 0; i < Guests; i++)
            {
                var guest = await guestPage.EvaluateAsync<string>(JoinGuest, new { room = "reuse", name = $"Guest {i}" });
                var decoding = await Eventually.WaitForAsync(
                    () => StateAsync(receiver.Page),
                    s => s.Video(guest) is { FramesDecoded: > 0, FrameHeight: > 0 },
                    MediaTimeout,
                    $"the receiver decoding guest {i}'s video");
                var video = decoding.Video(guest)!;
                midsByGuest.Add((guest, video.Mid));
                output.WriteLine($"guest {i} ({guest}): video on mid {video.Mid}, {video.FramesDecoded} frames {video.FrameHeight}p; {decoding.Sections} sections");

                // One guest at a time: two sections of their own, and at most two freed ones not yet recycled.
                Assert.InRange(decoding.Sections, 2, 4);

                // Chromium's answer grown to the most sections a receiver may be offered (320, the ceiling of
                // MaxSubscribeSections) must fit the signaling limit: its head and first section (which carries the
                // candidates) once, then its largest other section for each of the rest.
                var (head, perSection) = (decoding.AnswerHeadBytes, decoding.LargestLaterAnswerSection);
                output.WriteLine($"Chromium's answer: {head} bytes of session part and first section, then up to {perSection} bytes a section");
                Assert.InRange(head + (perSection * (320 - 1)), 1, ScaleMeet.Contracts.Signaling.SignalingCodec.MaxMessageBytes - 1024);

                if (i == Guests - 1)
                {
                    // The last guest plays on a section an earlier guest had, and keeps decoding there.
                    Assert.Contains(midsByGuest.Take(i), g => g.VideoMid == video.Mid);
                    var later = await Eventually.WaitForAsync(
                        () => StateAsync(receiver.Page),
                        s => s.Video(guest) is { } v && v.FramesDecoded > video.FramesDecoded + 15,
                        MediaTimeout,
                        "the newcomer's frames rising on the recycled section");
                    Assert.Equal(video.Mid, later.Video(guest)!.Mid);
                    Assert.True(later.Video(guest)!.FrameHeight > 0);
                }

                await guestPage.EvaluateAsync(LeaveGuest);
                await Eventually.WaitForAsync(
                    () => StateAsync(receiver.Page),
                    s => s.Stats.All(t => t.ParticipantId != guest) && s.InactiveSections == s.Sections,
                    MediaTimeout,
                    $"guest {i}'s sections inactive at the receiver");
            }

            Assert.InRange(midsByGuest.Select(g => g.VideoMid).Distinct().Count(), 1, 2);
        }
        finally
        {
            await guestContext.CloseAsync();
        }
    }

    private static async Task<ReceiverView> StateAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>(ReceiverState);
        using var doc = JsonDocument.Parse(json);
        var sdp = doc.RootElement.GetProperty("sdp").GetString()!;
        var sections = sdp.Split("\r\n").Count(l => l.StartsWith("m=", StringComparison.Ordinal));
        var inactive = sdp.Split("\r\n").Count(l => l == "a=inactive");
        var answer = doc.RootElement.GetProperty("answer").GetString()!;
        var stats = doc.RootElement.GetProperty("stats").EnumerateArray().Select(e => new ReceivedTrack(
            e.GetProperty("participantId").GetString()!, e.GetProperty("kind").GetString()!, e.GetProperty("mid").GetString()!,
            (long)e.GetProperty("framesDecoded").GetDouble(), (long)e.GetProperty("frameHeight").GetDouble())).ToArray();
        return new ReceiverView(sections, inactive, stats, answer);
    }

    private sealed record ReceivedTrack(string ParticipantId, string Kind, string Mid, long FramesDecoded, long FrameHeight);

    private sealed record ReceiverView(int Sections, int InactiveSections, IReadOnlyList<ReceivedTrack> Stats, string Answer)
    {
        /// <summary>The session part and first section of Chromium's answer, as they travel in a <c>subscribeAnswer</c> (JSON-escaped line ends).</summary>
        public int AnswerHeadBytes => SectionBytes(Answer).Take(2).Sum();

        /// <summary>The largest section after the first, as it travels.</summary>
        public int LargestLaterAnswerSection => SectionBytes(Answer).Skip(2).DefaultIfEmpty(0).Max();

        /// <summary>The session part, then each m= section, in bytes with every CRLF counted as the 4 of its JSON escape.</summary>
        private static IEnumerable<int> SectionBytes(string sdp) =>
            sdp.Split("\r\nm=").Select(part => System.Text.Encoding.UTF8.GetByteCount(part) + 2 + (4 * (part.Split("\r\n").Length)));

        public ReceivedTrack? Video(string participantId) => Stats.FirstOrDefault(t => t.ParticipantId == participantId && t.Kind == "video");

        public override string ToString() => $"{Sections} sections ({InactiveSections} inactive): {string.Join("; ", Stats)}";
    }
}
