using ScaleMeet.Bridge.Allocation;
using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Routing;

namespace ScaleMeet.Bridge.Tests.Routing;

/// <summary>A layer's received bitrate, per one-second window, across pauses of the sender.</summary>
public sealed class ProducerLayerBitrateTests
{
    private const long Frequency = TimeSpan.TicksPerSecond;

    private readonly ProducerLayer _layer = new(new Producer(new Endpoint(new Conference("room"), "bob", "Bob"), MediaKind.Video, "1", 96, 97, 0),
        2, "f", 720, null) { Ssrc = 3333 };

    private ushort _sequence = 100;

    [Fact]
    public void SteadyStream_OneSecondWindowsGiveItsRate()
    {
        var at = Send(Frequency, 1_000, 100, 0); // 100 packets of 1000 bytes a second: 800 kbit/s

        Send(Frequency, 1_000, 100, at);

        Assert.InRange(_layer.Bitrate, 780_000, 820_000);
    }

    [Fact]
    public void ResumedAfterAPause_UnmeasuredUntilAWindowCompletes_ThenItsRealRate()
    {
        var at = Send(Frequency, 1_000, 100, 0);
        at = Send(Frequency, 1_000, 100, at);
        var paused = at + 5 * Frequency; // nothing for 5 s, then 1.6 Mbit/s again

        at = Send(Frequency / 2, 2_000, 50, paused);

        // Before: the first window after the pause spanned it and gave ~30 kbit/s, so a 720p layer looked cheap.
        Assert.Equal(0, _layer.Bitrate);
        Assert.Equal(LayerAllocator.NominalBitrate(720), LayerAllocator.NominalBitrate(_layer.Height));
        Send(Frequency, 2_000, 100, at);
        Assert.InRange(_layer.Bitrate, 1_500_000, 1_700_000);
    }

    /// <summary>Sends <paramref name="count"/> packets of <paramref name="length"/> bytes spread over <paramref name="span"/> from <paramref name="start"/>; returns the end.</summary>
    private long Send(long span, int length, int count, long start)
    {
        for (var i = 0; i < count; i++)
        {
            _layer.OnPacket(_sequence++, length, start + 1 + (span * i / count), Frequency);
        }

        return start + span;
    }
}
