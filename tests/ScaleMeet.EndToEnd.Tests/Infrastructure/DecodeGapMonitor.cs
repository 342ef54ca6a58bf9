using System.Text.Json;
using Microsoft.Playwright;

namespace ScaleMeet.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Watches, inside one page, how long each remote participant's video goes without a newly decoded frame. Two
/// measures: Chromium's own freeze statistics of each inbound video (<c>freezeCount</c>, <c>totalFreezesDuration</c>:
/// an interval between decoded frames over max(3 × the average, the average + 150 ms), measured where frames are
/// decoded, so they do not depend on when the page reads them), and the page's polling of framesDecoded every
/// <see cref="PollMilliseconds"/> (through <c>window.scaleMeet.inboundStats()</c>). The longest freeze is exact when a
/// poll saw one new freeze, and the sum of the new ones (an upper bound) when it saw several. Polling alone reads a
/// page whose script was not scheduled for a while (a busy machine) as a gap of every sender at once although frames
/// were decoded meanwhile; it is kept as the detail of the report, and for a sender frozen at the end.
/// </summary>
internal sealed class DecodeGapMonitor
{
    public const int PollMilliseconds = 40;

    private const string Install = """
        (poll) => {
          const state = { senders: {}, polls: 0, errors: 0, start: performance.now(), noFreezeStats: false };
          window.__decodeGaps = state;
          const tick = async () => {
            if (window.__decodeGaps !== state) return;
            try {
              const now = performance.now();
              for (const t of await window.scaleMeet.inboundStats()) {
                if (t.kind !== 'video' || !t.participantId) continue;
                if (t.freezeCount < 0) state.noFreezeStats = true;
                const s = state.senders[t.participantId] ??= {
                  frames: t.framesDecoded, lastChange: now, longest: 0, firstFrames: t.framesDecoded,
                  packets: t.packetsReceived, lost: t.packetsLost, height: t.frameHeight, worst: null,
                  freezeCount: t.freezeCount, freezeSeconds: t.totalFreezesDuration, freezes: 0, longestFreeze: 0, freezeAt: 0 };
                if (t.freezeCount > s.freezeCount) {
                  const seconds = t.totalFreezesDuration - s.freezeSeconds;
                  s.freezes += t.freezeCount - s.freezeCount;
                  if (seconds * 1000 > s.longestFreeze) { s.longestFreeze = seconds * 1000; s.freezeAt = now - state.start; }
                  s.freezeCount = t.freezeCount; s.freezeSeconds = t.totalFreezesDuration;
                }
                if (t.framesDecoded > s.frames) {
                  const gap = now - s.lastChange;
                  if (gap > s.longest) {
                    s.longest = gap;
                    s.worst = { at: s.lastChange - state.start, packets: t.packetsReceived - s.packets,
                                lost: t.packetsLost - s.lost, frames: t.framesDecoded - s.frames,
                                heightBefore: s.height, heightAfter: t.frameHeight };
                  }
                  s.frames = t.framesDecoded; s.lastChange = now;
                  s.packets = t.packetsReceived; s.lost = t.packetsLost; s.height = t.frameHeight;
                }
              }
              state.polls++;
            } catch { state.errors++; }
            setTimeout(tick, poll);
          };
          tick();
        }
        """;

    private const string Read = """
        () => {
          const state = window.__decodeGaps;
          if (!state) return null;
          const now = performance.now();
          const senders = Object.entries(state.senders).map(([id, s]) => {
            const frozen = now - s.lastChange;
            const polled = s.worst === null ? 'none'
              : `polling: ${Math.max(s.longest, frozen).toFixed(0)} ms from ${s.worst.at.toFixed(0)} ms, then ${s.worst.frames} frames at once, ${s.worst.packets} packets and ${s.worst.lost} lost meanwhile, ${s.worst.heightBefore}p then ${s.worst.heightAfter}p`;
            const freezes = `Chromium: ${s.freezes} freezes, longest ${s.longestFreeze.toFixed(0)} ms` + (s.freezes > 0 ? ` at ${s.freezeAt.toFixed(0)} ms` : '');
            return { participantId: id, framesDecoded: s.frames - s.firstFrames, longestFreezeMs: s.longestFreeze,
                     frozenAtEndMs: frozen, worst: `${freezes}; ${polled}` };
          });
          return JSON.stringify({ polls: state.polls, errors: state.errors, noFreezeStats: state.noFreezeStats, senders });
        }
        """;

    private readonly IPage _page;

    private DecodeGapMonitor(IPage page)
    {
        _page = page;
    }

    /// <summary>Starts watching the page's received video (the page must be in a meeting).</summary>
    public static async Task<DecodeGapMonitor> StartAsync(IPage page)
    {
        await page.EvaluateAsync(Install, PollMilliseconds);
        return new DecodeGapMonitor(page);
    }

    /// <summary>
    /// What the page saw since <see cref="StartAsync"/>: per sender, the longest freeze Chromium measured, or the time
    /// since the last new frame when that is longer (a sender still frozen at the end). Fails when Chromium does not
    /// report freezes (the figure would then say nothing).
    /// </summary>
    public async Task<DecodeGapReport> ReadAsync()
    {
        var json = await _page.EvaluateAsync<string?>(Read) ?? throw new InvalidOperationException("the decode-gap monitor is not running in this page");
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.GetProperty("noFreezeStats").GetBoolean())
        {
            throw new InvalidOperationException("this Chromium does not report freezeCount/totalFreezesDuration for inbound video");
        }

        var senders = root.GetProperty("senders").EnumerateArray()
            .Select(s => new SenderDecoding(s.GetProperty("participantId").GetString()!, (long)s.GetProperty("framesDecoded").GetDouble(),
                TimeSpan.FromMilliseconds(Math.Max(s.GetProperty("longestFreezeMs").GetDouble(), s.GetProperty("frozenAtEndMs").GetDouble())),
                s.GetProperty("worst").GetString()!))
            .ToArray();
        return new DecodeGapReport(root.GetProperty("polls").GetInt32(), root.GetProperty("errors").GetInt32(), senders);
    }
}

/// <summary>One page's view of its remote senders' video since the monitor started.</summary>
internal sealed record DecodeGapReport(int Polls, int Errors, IReadOnlyList<SenderDecoding> Senders)
{
    public override string ToString() =>
        $"{Polls} polls, {Errors} errors: " + string.Join(", ", Senders.Select(s => $"{s.ParticipantId} {s.FramesDecoded} frames, longest gap {s.LongestGap.TotalMilliseconds:0} ms ({s.LongestGapDetail})"));
}

/// <summary>
/// Frames decoded from one sender since the monitor started, and the longest time without a new one (Chromium's longest
/// freeze, or the time frozen at the end); the detail gives Chromium's freezes and the page's polling view of its worst
/// gap: when it began (milliseconds after the monitor started), what arrived meanwhile (frames, packets, losses, heights).
/// </summary>
internal sealed record SenderDecoding(string ParticipantId, long FramesDecoded, TimeSpan LongestGap, string LongestGapDetail);
