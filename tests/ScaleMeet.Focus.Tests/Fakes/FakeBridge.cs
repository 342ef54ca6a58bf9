using System.Collections.Concurrent;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Focus.Tests.Fakes;

/// <summary>
/// A unit-test double of a bridge: records every request and answers through <see cref="Responder"/>
/// (by default: allocate/subscribeAnswer/expire → ok, publishOffer → an answer naming the endpoint).
/// </summary>
internal sealed class FakeBridge : IBridgeControl
{
    private readonly ConcurrentQueue<BridgeRequest> _requests = new();

    public FakeBridge(string bridgeId = "fake")
    {
        BridgeId = bridgeId;
        Responder = (request, _) => Task.FromResult(DefaultReply(request));
    }

    public string BridgeId { get; }

    public Func<BridgeRequest, CancellationToken, Task<BridgeReply>> Responder { get; set; }

    public IReadOnlyList<BridgeRequest> Requests => [.. _requests];

    public T[] RequestsOf<T>()
        where T : BridgeRequest => [.. _requests.OfType<T>()];

    public Task<BridgeReply> SendAsync(BridgeRequest request, CancellationToken cancellationToken)
    {
        _requests.Enqueue(request);
        return Responder(request, cancellationToken);
    }

    /// <summary>Answers <typeparamref name="T"/> requests with <paramref name="reply"/>, the rest as by default.</summary>
    public void Reply<T>(Func<T, BridgeReply> reply)
        where T : BridgeRequest =>
        Responder = (request, _) => Task.FromResult(request is T t ? reply(t) : DefaultReply(request));

    public static BridgeReply DefaultReply(BridgeRequest request) => request switch
    {
        PublishOfferRequest offer => new PublishAnswerReply($"answer-for-{offer.EndpointId}"),
        _ => OkReply.Instance,
    };
}
