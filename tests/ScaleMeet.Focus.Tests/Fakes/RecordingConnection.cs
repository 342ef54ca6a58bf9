using System.Threading.Channels;
using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Focus.Tests.Fakes;

/// <summary>A signaling connection that records what the focus sends, for tests to await in order.</summary>
internal sealed class RecordingConnection : ISignalingConnection
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly Channel<SignalingMessage> _messages = Channel.CreateUnbounded<SignalingMessage>();
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private long _lastSeq;

    public Task<string> Closed => _closed.Task;

    /// <summary>
    /// The <c>seq</c> of the last sequenced message sent (what a page would name when resuming). The messages tests read
    /// have it taken off, so they compare with the messages the focus meant to send.
    /// </summary>
    public long LastSeq => Interlocked.Read(ref _lastSeq);

    /// <summary>Every <c>seq</c> sent, in order.</summary>
    public List<long> Seqs { get; } = [];

    public ValueTask SendAsync(SignalingMessage message)
    {
        if (_closed.Task.IsCompleted)
        {
            throw new InvalidOperationException($"{message.GetType().Name} sent after Close");
        }

        if (message.Seq is { } seq)
        {
            lock (Seqs)
            {
                Seqs.Add(seq);
            }

            Interlocked.Exchange(ref _lastSeq, seq);
            message = message with { Seq = null };
        }

        _messages.Writer.TryWrite(message);
        return ValueTask.CompletedTask;
    }

    public void Close(string reason) => _closed.TrySetResult(reason);

    /// <summary>The next message, which must be a <typeparamref name="T"/>.</summary>
    public async Task<T> NextAsync<T>()
        where T : SignalingMessage
    {
        using var cts = new CancellationTokenSource(Timeout);
        SignalingMessage message;
        try
        {
            message = await _messages.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"no message within {Timeout} (expected {typeof(T).Name})");
        }

        return message as T ?? throw new Xunit.Sdk.XunitException($"expected {typeof(T).Name}, got {SignalingCodec.EncodeToString(message)}");
    }

    /// <summary>The next message is an error with <paramref name="code"/> echoing <paramref name="requestId"/>.</summary>
    public async Task<ErrorMessage> NextErrorAsync(string code, int? requestId)
    {
        var error = await NextAsync<ErrorMessage>();
        Assert.Equal(code, error.Code);
        Assert.Equal(requestId, error.RequestId);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error;
    }
}
