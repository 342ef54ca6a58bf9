using Microsoft.Extensions.Logging;
using ScaleMeet.Bridge.Conferences;
using ScaleMeet.Bridge.Loop;
using ScaleMeet.Bridge.Negotiation;
using ScaleMeet.Bridge.Routing;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Bridge.Control;

/// <summary>
/// Serves the focus's control requests. SDP is checked against <see cref="NegotiationOptions"/>, parsed and
/// negotiated here, on the caller's (thread-pool) thread; the media loop only looks endpoints up and applies compiled
/// changes (<see cref="PublishChange"/>, <see cref="SubscribeAnswerChange"/>), so a large or hostile offer costs the
/// loop nothing. Requests for one endpoint run one at a time in arrival order (a publish offer is answered before
/// the same endpoint's next request is looked at); requests for different endpoints run in parallel.
/// <para>Threading: <see cref="SendAsync"/> from any thread.</para>
/// </summary>
internal sealed partial class RequestProcessor
{
    private readonly MediaLoop _loop;
    private readonly MediaRouter _router;
    private readonly NegotiationOptions _limits;
    private readonly ILogger _log;
    private readonly EndpointQueues _queues = new();

    public RequestProcessor(MediaLoop loop, MediaRouter router, NegotiationOptions limits, ILogger log)
    {
        _loop = loop;
        _router = router;
        _limits = limits;
        _log = log;
    }

    /// <summary>Refused SDP, by the bound it broke.</summary>
    public NegotiationCounters Counters { get; } = new();

    /// <summary>Endpoints with requests queued or running.</summary>
    public int BusyEndpoints => _queues.ActiveKeys;

    /// <summary>Requests queued or running for one endpoint.</summary>
    public int QueuedFor(string conferenceId, string endpointId) => _queues.Depth(Key(conferenceId, endpointId));

    /// <summary>
    /// For tests: runs with each publish offer and subscribe answer on the thread that is about to parse it, after the
    /// loop found the endpoint and before the SDP is read (it may block, to hold a negotiation in progress).
    /// </summary>
    internal Action<BridgeRequest>? Negotiating { get; set; }

    /// <summary>Serves one request; the reply names what was wrong when it was refused.</summary>
    public Task<BridgeReply> SendAsync(BridgeRequest request) =>
        _queues.RunAsync(Key(request.ConferenceId, request.EndpointId), () => HandleAsync(request));

    private static string Key(string conferenceId, string endpointId) => conferenceId + "\n" + endpointId;

    private Task<BridgeReply> HandleAsync(BridgeRequest request) => request switch
    {
        PublishOfferRequest r => PublishAsync(r),
        SubscribeAnswerRequest r => SubscribeAnswerAsync(r),
        AllocateEndpointRequest r => _loop.InvokeAsync(() => _router.AllocateEndpoint(r)),
        ExpireEndpointRequest r => _loop.InvokeAsync(() => _router.Expire(r)),
        ReceiverConstraintsRequest r => _loop.InvokeAsync(() => _router.OnReceiverConstraints(r)),
        CreateRelayRequest r => _loop.InvokeAsync(() => _router.CreateRelay(r)),
        ExpireRelayRequest r => _loop.InvokeAsync(() => _router.ExpireRelay(r)),
        RemoteSenderRequest r => _loop.InvokeAsync(() => _router.SetRemoteSender(r)),
        ExpireRemoteSenderRequest r => _loop.InvokeAsync(() => _router.ExpireRemoteSender(r)),
        _ => Task.FromResult<BridgeReply>(new BridgeErrorReply(BridgeErrorCodes.Internal, $"unsupported request {request.GetType().Name}")),
    };

    private async Task<BridgeReply> PublishAsync(PublishOfferRequest request)
    {
        var (local, error) = await _loop.InvokeAsync(() => _router.PreparePublish(request)).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        Negotiating?.Invoke(request);
        if (!PublishNegotiator.TryNegotiate(request.Sdp, local!, _limits, out var negotiation, out var refusal))
        {
            return Refuse(request, refusal!);
        }

        var change = new PublishChange(new ConferenceKey(request.ConferenceId, request.Generation), request.EndpointId, negotiation!.Producers, negotiation.Extensions,
            negotiation.RemoteFingerprint, negotiation.RemoteUfrag);
        var applied = await _loop.InvokeAsync(() => _router.ApplyPublish(change)).ConfigureAwait(false);
        return applied is OkReply ? new PublishAnswerReply(negotiation.AnswerSdp) : applied;
    }

    private async Task<BridgeReply> SubscribeAnswerAsync(SubscribeAnswerRequest request)
    {
        var (offeredSections, error) = await _loop.InvokeAsync(() => _router.PrepareSubscribeAnswer(request)).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        Negotiating?.Invoke(request);
        if (!SubscribeAnswerReader.TryRead(request.Sdp, offeredSections, _limits, out var answer, out var refusal))
        {
            return Refuse(request, refusal!);
        }

        var change = new SubscribeAnswerChange(new ConferenceKey(request.ConferenceId, request.Generation), request.EndpointId, request.Version, answer!.RemoteFingerprint, answer.RemoteUfrag);
        return await _loop.InvokeAsync(() => _router.ApplySubscribeAnswer(change)).ConfigureAwait(false);
    }

    private BridgeErrorReply Refuse(BridgeRequest request, SdpRefusal refusal)
    {
        Counters.OnRefused(refusal.Limit);
        Log.SdpRefused(_log, request.EndpointId, request.ConferenceId, refusal.Message);
        return new BridgeErrorReply(BridgeErrorCodes.BadSdp, refusal.Message);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "SDP of {EndpointId} in {ConferenceId} refused: {Reason}")]
        public static partial void SdpRefused(ILogger logger, string endpointId, string conferenceId, string reason);
    }
}
