using System.Diagnostics;
using ScaleMeet.LoadTest.Cli;
using ScaleMeet.LoadTest.Clients;
using ScaleMeet.LoadTest.Measurement;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.LoadTest.Results;
using ScaleMeet.LoadTest.Sampling;

namespace ScaleMeet.LoadTest.Running;

/// <summary>
/// Runs one load scenario: joins the participants at the ramp rate, paces their media from one thread, samples the
/// server and the participants every second, measures for the requested duration after the last join, leaves, and
/// returns what it measured. Stopping (the token) ends the run early and still returns the measurements.
/// </summary>
public sealed class LoadRunner
{
    private const double PaceIntervalMs = 5;

    /// <summary>
    /// The measurement window starts this long after the last join finished, so the joins' DTLS handshakes and the first
    /// keyframes (a transient, not the steady load) stay out of the CPU and loss figures. Shortened for very short runs.
    /// </summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);

    private readonly LoadOptions _options;
    private readonly IConferenceClientFactory _factory;
    private readonly MediaSenderFactory _mediaFactory;
    private readonly Func<bool, SyntheticTracks> _tracksFactory;
    private readonly ServerSampler _sampler;
    private readonly PoolSampler? _pool;
    private readonly Action<ProgressLine>? _progress;

    /// <param name="pool">Samples the bridges behind a focus every second; null for a target without a registry (Janus).</param>
    public LoadRunner(LoadOptions options, IConferenceClientFactory factory, MediaSenderFactory mediaFactory, Func<bool, SyntheticTracks> tracksFactory,
        ServerSampler sampler, Action<ProgressLine>? progress, PoolSampler? pool = null)
    {
        _pool = pool;
        _options = options;
        _factory = factory;
        _mediaFactory = mediaFactory;
        _tracksFactory = tracksFactory;
        _sampler = sampler;
        _progress = progress;
    }

    public async Task<LoadResults> RunAsync(CancellationToken stop)
    {
        var scenario = _options.Scenario;
        var startedAt = DateTimeOffset.UtcNow;
        var origin = Stopwatch.GetTimestamp();
        var participants = CreateParticipants(scenario, origin);
        var transportOptions = new SyntheticTransportOptions { BindAddress = _options.BindAddress, ConnectTimeout = JoinTimeout };
        var generator = new ProcessProbe(Environment.ProcessId);

        using var done = new CancellationTokenSource();
        var pacing = new Thread(() => Pace(participants, done.Token)) { IsBackground = true, Name = "load-pacing", Priority = ThreadPriority.AboveNormal };
        pacing.Start();
        var samples = new List<ServerSample>();
        var sampling = SampleAsync(participants, origin, samples, done.Token);

        // Ramp: participant k starts joining at k / ramp seconds; joins run concurrently.
        var joins = new List<Task>();
        var interrupted = false;
        try
        {
            for (var k = 0; k < participants.Count; k++)
            {
                var due = TimeSpan.FromSeconds(k / _options.RampPerSecond) - Stopwatch.GetElapsedTime(origin);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, stop).ConfigureAwait(false);
                }

                var participant = participants[k];
                var tracks = _tracksFactory(participant.IsSender);
                joins.Add(participant.JoinAsync(_factory, tracks, _options.ReceiveHeight, transportOptions, _mediaFactory, stop));
            }

            await Task.WhenAll(joins).WaitAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            interrupted = true;
        }

        interrupted = interrupted || !await WaitAsync(TimeSpan.FromSeconds(Math.Min(Settle.TotalSeconds, _options.DurationSeconds / 4)), stop)
            .ConfigureAwait(false);

        // The measurement window: from now (everyone joined or failed, and settled) for the requested duration.
        var windowStart = Stopwatch.GetElapsedTime(origin).TotalSeconds;
        var startSnapshots = participants.Select(p => p.Snapshot()).ToArray();
        foreach (var p in participants)
        {
            p.Statistics.RoundTrips.ResetTotals();
        }

        var generatorCpuStart = generator.CpuSeconds();
        interrupted = interrupted || !await WaitAsync(TimeSpan.FromSeconds(_options.DurationSeconds), stop).ConfigureAwait(false);

        var endSnapshots = participants.Select(p => p.Snapshot()).ToArray();
        var windowEnd = Stopwatch.GetElapsedTime(origin).TotalSeconds;
        var generatorCpuEnd = generator.CpuSeconds();

        await done.CancelAsync().ConfigureAwait(false);
        pacing.Join();
        await sampling.ConfigureAwait(false);
        var mediaAddresses = participants.Select(p => p.MediaAddress()).ToArray();
        await Task.WhenAll(participants.Select(p => p.DisposeAsync().AsTask())).ConfigureAwait(false);

        return ResultsBuilder.Build(new RunRecord(_options, _factory.System, startedAt, interrupted, participants, startSnapshots, endSnapshots,
            windowStart, windowEnd, samples, generatorCpuStart, generatorCpuEnd, _sampler.GeneratorPeakRssMb)
        {
            MediaAddresses = mediaAddresses,
            Bridges = _pool is { HasPool: true } pool ? [.. pool.Bridges] : [],
        });
    }

    /// <summary>Waits <paramref name="time"/>; false when <paramref name="stop"/> ended the wait first.</summary>
    private static async Task<bool> WaitAsync(TimeSpan time, CancellationToken stop)
    {
        try
        {
            await Task.Delay(time, stop).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private List<LoadParticipant> CreateParticipants(Scenario scenario, long origin)
    {
        var list = new List<LoadParticipant>(scenario.TotalParticipants);
        // Interleave conferences so each room fills at the same pace (c0p0, c1p0, …, c0p1, …), as the study's bots joined.
        for (var p = 0; p < scenario.Participants; p++)
        {
            for (var c = 0; c < scenario.Conferences; c++)
            {
                var sender = p < scenario.Senders;
                var expected = scenario.Senders - (sender ? 1 : 0);
                var room = $"{_options.RoomPrefix}{c + 1}";
                list.Add(new LoadParticipant(c, room, $"c{c + 1}-p{p + 1}", sender, expected, origin, _options.RegionOf(c)));
            }
        }

        return list;
    }

    private static void Pace(List<LoadParticipant> participants, CancellationToken done)
    {
        var origin = Stopwatch.GetTimestamp();
        var next = 0.0;
        while (!done.IsCancellationRequested)
        {
            foreach (var participant in participants)
            {
                participant.Pace(participant.Statistics.NowMs());
            }

            next += PaceIntervalMs;
            var wait = next - Stopwatch.GetElapsedTime(origin).TotalMilliseconds;
            if (wait > 1)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(wait));
            }
            else if (wait < -100)
            {
                next = Stopwatch.GetElapsedTime(origin).TotalMilliseconds; // overloaded: do not try to catch up a backlog
            }
        }
    }

    private async Task SampleAsync(List<LoadParticipant> participants, long origin, List<ServerSample> samples, CancellationToken done)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var previous = participants.Select(p => p.Snapshot()).ToArray();
        _sampler.Start();
        try
        {
            while (await timer.WaitForNextTickAsync(done).ConfigureAwait(false))
            {
                var now = participants.Select(p => p.Snapshot()).ToArray();
                var t = Stopwatch.GetElapsedTime(origin).TotalSeconds;
                var bridges = _pool?.SampleAsync(t, done) ?? Task.CompletedTask;
                var server = await _sampler.SampleAsync(done).ConfigureAwait(false);
                await bridges.ConfigureAwait(false);
                var sample = SampleBuilder.Build(t, participants, previous, now, server);
                lock (samples)
                {
                    samples.Add(sample);
                }

                previous = now;
                _progress?.Invoke(ProgressLine.From(sample, participants, now));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
