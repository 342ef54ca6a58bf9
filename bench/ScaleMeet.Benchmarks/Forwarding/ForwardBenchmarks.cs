using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ScaleMeet.LoadTest.Peers;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.Benchmarks.Forwarding;

/// <summary>
/// The bridge's per-packet forward path for one 1200-byte VP8 packet (a delta frame) from one sender to N receivers:
/// <c>MediaRouter.Forward</c> — receive statistics, packet cache store, then per consumer header rewrite, SRTP protect
/// (AEAD_AES_128_GCM, as negotiated) and one <c>sendto</c> on loopback. Consumers are negotiated and DTLS-connected for
/// real (see <see cref="ForwardingRig"/>). Each invocation advances the sequence number and timestamp, as a live
/// stream does. Not included: the receive system call and SRTP unprotect of the incoming packet.
/// "Mean/copy" is Mean divided by N.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class ForwardBenchmarks
{
    private readonly byte[] _packet = new byte[SyntheticRtp.MaxPacketLength];
    private ForwardingRig _rig = null!;
    private ushort _sequence = 1000;
    private uint _timestamp = 90_000;
    private long _invocations;
    private long _sentBefore;

    [Params(1, 9)]
    public int Receivers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _rig = ForwardingRig.Create(Receivers);
        var ssrc = _rig.Layer.Ssrc;
        _sentBefore = _rig.Router.Counters.RtpSent;
        SyntheticRtp.WriteVp8(_packet, ssrc, _sequence, _timestamp, marker: true, startOfFrame: true, keyFrame: false, pictureId: 7, SyntheticRtp.MaxPacketLength);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // Guard against measuring a path that silently skips consumers: every invocation must have sent N copies.
        var sent = _rig.Router.Counters.RtpSent - _sentBefore;
        _rig.Dispose();
        if (sent != _invocations * Receivers)
        {
            throw new InvalidOperationException($"{sent} packets sent for {_invocations} forwards to {Receivers} receivers");
        }

        Console.WriteLine($"// Forward: {_invocations} packets forwarded, {sent} copies sent");
    }

    [Benchmark]
    public void ForwardOnePacket()
    {
        RtpPacket.SetSequenceNumber(_packet, ++_sequence);
        RtpPacket.SetTimestamp(_packet, _timestamp += 3000);
        RtpHeader.TryParse(_packet, out var header);
        _rig.Router.Forward(_rig.Layer, _packet, in header);
        _rig.Socket.Flush(); // what the media loop does after each receive batch: the copies leave in one sendmmsg
        _invocations++;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new PerCopyColumn());
    }

    /// <summary>Mean per forwarded copy: the benchmark's mean divided by its receiver count.</summary>
    private sealed class PerCopyColumn : IColumn
    {
        public string Id => nameof(PerCopyColumn);

        public string ColumnName => "Mean/copy";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Statistics;

        public int PriorityInCategory => 10;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Time;

        public string Legend => "Mean divided by the number of receivers: the cost of one forwarded copy";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            var receivers = benchmarkCase.Parameters[nameof(Receivers)] is int n && n > 0 ? n : 1;
            return mean is { } ns ? $"{ns / receivers:N1} ns" : "NA";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
