using Microsoft.Extensions.Logging;
using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Focus;

/// <summary>
/// The ordered queue of everything the focus sends to one connection. <see cref="Post"/> and
/// <see cref="PostClose"/> only enqueue (cheap, safe under the focus lock); a thread-pool work item drains the
/// queue into <see cref="ISignalingConnection.SendAsync"/> one message at a time, so messages reach the
/// connection in the order they were posted whichever thread posted them, and nobody sends under a lock.
/// </summary>
internal sealed class Outbox
{
    private readonly ISignalingConnection _connection;
    private readonly ILogger _log;
    private readonly Queue<SignalingMessage> _queue = new();
    private string? _closeReason;
    private bool _closePosted;
    private bool _draining;
    private bool _done;

    public Outbox(ISignalingConnection connection, ILogger log)
    {
        _connection = connection;
        _log = log;
    }

    /// <summary>Queues <paramref name="message"/>; ignored once the outbox is closed.</summary>
    public void Post(SignalingMessage message)
    {
        lock (_queue)
        {
            if (_closePosted || _done)
            {
                return;
            }

            _queue.Enqueue(message);
            if (!StartDrainLocked())
            {
                return;
            }
        }

        ScheduleDrain();
    }

    /// <summary>Closes the connection after the messages already posted; later posts are dropped. Idempotent.</summary>
    public void PostClose(string reason)
    {
        lock (_queue)
        {
            if (_closePosted || _done)
            {
                return;
            }

            _closePosted = true;
            _closeReason = reason;
            if (!StartDrainLocked())
            {
                return;
            }
        }

        ScheduleDrain();
    }

    private bool StartDrainLocked()
    {
        if (_draining)
        {
            return false;
        }

        _draining = true;
        return true;
    }

    private void ScheduleDrain() => ThreadPool.UnsafeQueueUserWorkItem(static o => _ = o.DrainAsync(), this, preferLocal: false);

    private async Task DrainAsync()
    {
        while (true)
        {
            SignalingMessage? next;
            string? close = null;
            lock (_queue)
            {
                if (!_queue.TryDequeue(out next))
                {
                    if (_closePosted && !_done)
                    {
                        _done = true;
                        close = _closeReason;
                    }
                    else
                    {
                        _draining = false;
                        return;
                    }
                }
            }

            if (close is not null)
            {
                _connection.Close(close);
                lock (_queue)
                {
                    _draining = false;
                }

                return;
            }

            try
            {
                await _connection.SendAsync(next!).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                FocusLog.SendFailed(_log, ex);
                lock (_queue)
                {
                    _queue.Clear();
                    _done = true;
                    _draining = false;
                }

                _connection.Close("send failed");
                return;
            }
        }
    }
}
