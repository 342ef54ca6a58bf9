using System.Threading.Channels;
using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Focus.Tests.Fakes;

/// <summary>A signaling connection that records what the focus sends, for tests to await in order.</summary>
internal sealed class RecordingConnection : ISignalingConnection
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly Channel<SignalingMessage> _messages = Channel.CreateUnbounded<SignalingMessage>();
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<string> Closed => _closed.Task;

    public ValueTask SendAsync(SignalingMessage message)
    {
        if (_closed.Task.IsCompleted)
        {
            throw new InvalidOperationException($"{message.GetType().Name} sent after Close");
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
