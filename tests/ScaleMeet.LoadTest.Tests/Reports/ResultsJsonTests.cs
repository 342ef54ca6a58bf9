using System.Text.Json;
using ScaleMeet.LoadTest.Results;

namespace ScaleMeet.LoadTest.Tests.Reports;

public sealed class ResultsJsonTests
{
    [Fact]
    public void SerializeDeserialize_SampleRun_KeepsEveryValue()
    {
        var original = SampleResults.Run(interrupted: true);

        var back = ResultsJson.Deserialize(ResultsJson.Serialize(original));

        Assert.NotNull(back);
        Assert.Equal(original.Participants, back.Participants); // element records compare by value
        Assert.Equal(original.Server, back.Server);
        Assert.Equal(original.Bridges, back.Bridges);
        // The lists are compared above; the record's own equality compares them by reference.
        Assert.Equal(original, back with { Participants = original.Participants, Server = original.Server, Bridges = original.Bridges });
        Assert.Null(back.Server[4].CpuCores);
        Assert.Equal(SampleResults.HostileName, back.Participants[1].Name);
    }

    [Fact]
    public void Serialize_SampleRun_UsesTheDocumentedCamelCaseKeys()
    {
        using var doc = JsonDocument.Parse(ResultsJson.Serialize(SampleResults.Run()));
        var root = doc.RootElement;

        Assert.Equal("S1", root.GetProperty("scenario").GetString());
        Assert.Equal("http://127.0.0.1:8080", root.GetProperty("target").GetString());
        Assert.Equal(7, root.GetProperty("duration").GetDouble());
        var p = root.GetProperty("participants")[0];
        Assert.True(p.GetProperty("connected").GetBoolean());
        Assert.Equal(180.4, p.GetProperty("joinMs").GetDouble());
        Assert.Equal(412.6, p.GetProperty("firstFrameMs").GetDouble());
        Assert.Equal(2400.7, p.GetProperty("recvKbps").GetDouble());
        Assert.Equal(0.05, p.GetProperty("lossPct").GetDouble());
        Assert.Equal(15.5, p.GetProperty("rttMs").GetDouble());
        Assert.Equal(1, p.GetProperty("freezes").GetInt32());
        var s = root.GetProperty("server")[7];
        Assert.Equal(1.73, s.GetProperty("cpuCores").GetDouble());
        Assert.Equal(27, s.GetProperty("rssMb").GetDouble());
        Assert.Equal(JsonValueKind.Null, s.GetProperty("stress").ValueKind); // null is written, not omitted
        Assert.Equal(2750, s.GetProperty("bitrateUpKbps").GetDouble());
        Assert.Equal(1200, s.GetProperty("bitrateDownKbps").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("server")[4].GetProperty("cpuCores").ValueKind);
    }
}
