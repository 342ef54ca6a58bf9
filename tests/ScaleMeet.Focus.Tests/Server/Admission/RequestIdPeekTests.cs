using System.Text;
using ScaleMeet.Contracts.Signaling;
using ScaleMeet.Server.Admission;

namespace ScaleMeet.Focus.Tests.Server.Admission;

/// <summary>The request id of a message that is refused before it is decoded.</summary>
public sealed class RequestIdPeekTests
{
    [Theory]
    [InlineData("{\"type\":\"ping\",\"requestId\":7}", 7)]
    [InlineData("{\"requestId\":-3,\"type\":\"ping\"}", -3)]
    [InlineData("{\"type\":\"publishOffer\",\"sdp\":\"v=0\\r\\n{\\\"requestId\\\":5}\",\"requestId\":9}", 9)]
    [InlineData("{\"nested\":{\"requestId\":1},\"list\":[{\"requestId\":2}],\"requestId\":3}", 3)]
    [InlineData("{\"request\\u0049d\":11}", 11)]
    [InlineData("  {\"requestId\" : 2147483647 } ", 2147483647)]
    [InlineData("{\"nested\":{\"requestId\":1}}", null)]
    [InlineData("{\"requestId\":\"7\"}", null)]
    [InlineData("{\"requestId\":1.5}", null)]
    [InlineData("{\"requestId\":2147483648}", null)]
    [InlineData("{\"requestid\":7}", null)]
    [InlineData("{\"type\":\"ping\"", null)]
    [InlineData("[{\"requestId\":7}]", null)]
    [InlineData("7", null)]
    [InlineData("not json", null)]
    [InlineData("", null)]
    public void Read_Message_TopLevelIntegerRequestIdOrNull(string json, int? expected) =>
        Assert.Equal(expected, RequestIdPeek.Read(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Read_EveryClientMessage_SameRequestIdAsTheCodec()
    {
        SignalingMessage[] messages =
        [
            new JoinMessage("room", "Ada") { RequestId = 1 },
            new PublishOfferMessage("v=0\r\na=x:\"requestId\":4\r\n") { RequestId = 2 },
            new SubscribeAnswerMessage("v=0", 3) { RequestId = 3 },
            new SetMutedMessage(true, false) { RequestId = 4 },
            new ReceiverConstraintsMessage(-1, ["a"], 180, new Dictionary<string, VideoConstraint> { ["a"] = new(720) }) { RequestId = 5 },
            new PingMessage(),
        ];

        foreach (var message in messages)
        {
            Assert.Equal(message.RequestId, RequestIdPeek.Read(SignalingCodec.Encode(message)));
        }
    }

    [Fact]
    public void Read_RandomBytesAndTruncations_NeverThrows()
    {
        var random = new Random(20260512);
        var valid = SignalingCodec.Encode(new PublishOfferMessage(new string('s', 300)) { RequestId = 77 });
        for (var i = 0; i < 5000; i++)
        {
            var bytes = (byte[])valid.Clone();
            var mutations = random.Next(1, 6);
            for (var m = 0; m < mutations; m++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            _ = RequestIdPeek.Read(bytes);
            _ = RequestIdPeek.Read(bytes.AsSpan(0, random.Next(bytes.Length)));
        }

        Assert.Equal(77, RequestIdPeek.Read(valid));
    }
}
