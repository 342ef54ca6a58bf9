using System.Text;
using System.Text.Json.Nodes;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Contracts.Tests.Control;

/// <summary>
/// Equality of control envelopes and of their JSON. Records compare by value, but the lists and dictionaries inside
/// them compare by reference: those members are compared element by element here, then put back so the record's own
/// equality checks every other field. A new message with a collection fails <see cref="Equal"/> until it is added.
/// </summary>
internal static class EnvelopeAssert
{
    public static void Equal(ControlEnvelope expected, ControlEnvelope actual)
    {
        Assert.Equal(expected with { Message = actual.Message }, actual);
        switch (expected.Message, actual.Message)
        {
            case (HelloMessage e, HelloMessage a):
                Assert.Equal(e.MediaAddresses, a.MediaAddresses);
                Assert.Equal(e with { MediaAddresses = a.MediaAddresses }, a);
                break;
            case (ReceiverConstraintsRequest e, ReceiverConstraintsRequest a):
                Assert.Equal(e.Constraints.OnStage, a.Constraints.OnStage);
                Assert.Equal(e.Constraints.MaxHeights.OrderBy(p => p.Key, StringComparer.Ordinal), a.Constraints.MaxHeights.OrderBy(p => p.Key, StringComparer.Ordinal));
                Assert.Equal(e with { Constraints = e.Constraints with { OnStage = a.Constraints.OnStage, MaxHeights = a.Constraints.MaxHeights } }, a);
                break;
            case (SubscribeOfferEvent e, SubscribeOfferEvent a):
                Assert.Equal(e.Tracks, a.Tracks);
                Assert.Equal(e with { Tracks = a.Tracks }, a);
                break;
            case (SenderTracksEvent e, SenderTracksEvent a):
                AssertTracks(e.Tracks, a.Tracks);
                Assert.Equal(e with { Tracks = a.Tracks }, a);
                break;
            case (RemoteSenderRequest e, RemoteSenderRequest a):
                AssertTracks(e.Tracks, a.Tracks);
                Assert.Equal(e with { Tracks = a.Tracks }, a);
                break;
            default:
                Assert.Equal(expected.Message, actual.Message);
                break;
        }
    }

    private static void AssertTracks(IReadOnlyList<RelayedTrack> expected, IReadOnlyList<RelayedTrack> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Layers, actual[i].Layers);
            Assert.Equal(expected[i] with { Layers = actual[i].Layers }, actual[i]);
        }
    }

    /// <summary>The same JSON value: property order and whitespace aside, every name and value alike.</summary>
    public static void JsonEqual(ReadOnlySpan<byte> expectedUtf8, ReadOnlySpan<byte> actualUtf8)
    {
        var expected = JsonNode.Parse(expectedUtf8);
        var actual = JsonNode.Parse(actualUtf8);
        Assert.True(
            JsonNode.DeepEquals(expected, actual),
            $"JSON differs.{Environment.NewLine}expected: {expected?.ToJsonString()}{Environment.NewLine}actual:   {actual?.ToJsonString()}");
    }

    public static void JsonEqual(string expected, string actual) => JsonEqual(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
}
