using ScaleMeet.LoadTest.Measurement;
using ScaleMeet.LoadTest.Results;
using ScaleMeet.LoadTest.Sampling;

namespace ScaleMeet.LoadTest.Running;

/// <summary>Turns two consecutive participant snapshots and a server measurement into one <see cref="ServerSample"/>.</summary>
internal static class SampleBuilder
{
    public static ServerSample Build(double t, IReadOnlyList<LoadParticipant> participants, StatisticsSnapshot[] previous, StatisticsSnapshot[] now,
        ServerMeasurement server)
    {
        long sent = 0, received = 0, lost = 0, expected = 0;
        var connected = 0;
        double rttSum = 0;
        var rttCount = 0;
        // The snapshots of one round are taken within microseconds of each other: one interval serves them all.
        var seconds = participants.Count == 0 ? 1.0 : Math.Max(0.001, (now[0].AtMs - previous[0].AtMs) / 1000);
        for (var i = 0; i < participants.Count; i++)
        {
            var (a, b) = (previous[i], now[i]);
            sent += b.BytesSent - a.BytesSent;
            received += b.BytesReceived - a.BytesReceived;
            lost += Math.Max(0, b.Lost - a.Lost);
            expected += b.ExpectedPackets - a.ExpectedPackets;
            if (ResultsBuilder.IsConnected(participants[i], b))
            {
                connected++;
            }

            if (participants[i].Statistics.RoundTrips.TakeMean() is { } rtt)
            {
                rttSum += rtt;
                rttCount++;
            }
        }

        return new ServerSample
        {
            T = Math.Round(t, 3),
            CpuCores = server.CpuCores,
            RssMb = server.RssMb,
            Stress = server.Reported?.Stress,
            BitrateDownKbps = sent * 8 / seconds / 1000,
            BitrateUpKbps = received * 8 / seconds / 1000,
            ServerParticipants = server.Reported?.Participants,
            ServerConferences = server.Reported?.Conferences,
            Connected = connected,
            RttMs = rttCount == 0 ? null : rttSum / rttCount,
            LossPct = expected <= 0 ? null : 100.0 * lost / expected,
        };
    }
}
