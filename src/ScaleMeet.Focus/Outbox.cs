using Microsoft.Extensions.Logging;
using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Focus;

/// <summary>
/// The ordered queue of everything the focus sends to one participant's connection. <see cref="Post"/> and
/// <see cref="PostClose"/> only enqueue (cheap, safe under the focus lock); a thread-pool work item drains the
/// queue into <see cref="ISignalingConnection.SendAsync"/> one message at a time, so messages reach the
/// connection in the order they were posted whichever thread posted them, and nobody sends under a lock.
/// <para>Resumption: every message but <c>pong</c> gets the next <see cref="SignalingMessage.Seq"/> and is kept in a
/// replay log of the last ones posted (at most <see cref="ResumeLog.MaxMessages"/> messages and
/// <see cref="ResumeLog.MaxBytes"/> estimated bytes). <see cref="Detach"/> (the connection dropped) stops sending but
/// keeps logging; <see cref="Attach"/> (the browser resumed on a new connection) sends what the browser did not
/// receive — everything after the <c>seq</c> it names — and goes on there.</para>
/// </summary>
internal sealed class Outbox
{
    private readonly ILogger _log;
    private readonly Queue<SignalingMessage> _queue = new();
    private readonly ResumeLog _replay;
    private ISignalingConnection? _connection; // null while detached
    private long _nextSeq = 1;
    private string? _closeReason;
    private bool _closePosted;
    private bool _draining;
    private bool _done;

    public Outbox(ISignalingConnection connection, ILogger log, ResumeLog? replay = null)
    {
        _connection = connection;
        _log = log;
        _replay = replay ?? new ResumeLog(0, 0);
    }

    /// <summary>The connection this outbox sends to now; null while detached.</summary>
    public ISignalingConnection? Connection
    {
        get
        {
            lock (_queue)
            {
                return _connection;
            }
        }
    }

    /// <summary>The <c>seq</c> of the last message posted (0 before the first).</summary>
    public long LastSeq
    {
        get
        {
            lock (_queue)
            {
                return _nextSeq - 1;
            }
        }
    }

    /// <summary>Queues <paramref name="message"/>; ignored once the outbox is closed. While detached it is only logged.</summary>
    public void Post(SignalingMessage message)
    {
        lock (_queue)
        {
            if (_closePosted || _done)
            {
                return;
            }

            if (message is not PongMessage)
            {
                message = message with { Seq = _nextSeq++ };
                _replay.Add(message);
            }

            if (_connection is null)
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
            if (_connection is null)
            {
                _done = true;
                return;
            }

            if (!StartDrainLocked())
            {
                return;
            }
        }

        ScheduleDrain();
    }

    /// <summary>The connection is gone: stop sending (what was queued stays in the replay log); later posts are only logged.</summary>
    public void Detach()
    {
        lock (_queue)
        {
            _connection = null;
            _queue.Clear();
        }
    }

    /// <summary>
    /// Sends on <paramref name="connection"/> from now on: first <paramref name="first"/> (not sequenced), then every
    /// logged message after <paramref name="lastSeq"/>, then what comes. False (nothing changes) when the outbox is
    /// closed, <paramref name="lastSeq"/> is ahead of what was posted, or the log no longer holds a message the browser
    /// missed. A connection still attached is replaced (its owner closes it).
    /// </summary>
    public bool Attach(ISignalingConnection connection, long lastSeq, SignalingMessage first, out string? problem)
    {
        lock (_queue)
        {
            if (_closePosted || _done)
            {
                problem = "the participant is leaving";
                return false;
            }

            if (lastSeq < 0 || lastSeq >= _nextSeq)
            {
                problem = $"lastSeq {lastSeq} is not a seq this participant was sent (the last one is {_nextSeq - 1})";
                return false;
            }

            if (!_replay.TryGetAfter(lastSeq, _nextSeq - 1, out var missed))
            {
                problem = $"the browser missed {_nextSeq - 1 - lastSeq} messages, more than the focus keeps for a resumption";
                return false;
            }

            _connection = connection;
            _queue.Clear();
            _queue.Enqueue(first);
            foreach (var message in missed)
            {
                _queue.Enqueue(message);
            }

            problem = null;
            if (!StartDrainLocked())
            {
                return true;
            }
        }

        ScheduleDrain();
        return true;
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
            ISignalingConnection? connection;
            string? close = null;
            lock (_queue)
            {
                connection = _connection;
                if (connection is null || !_queue.TryDequeue(out next))
                {
                    next = null;
                    if (connection is not null && _closePosted && !_done)
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
                connection!.Close(close);
                lock (_queue)
                {
                    _draining = false;
                }

                return;
            }

            try
            {
                await connection.SendAsync(next!).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                FocusLog.SendFailed(_log, ex);
                connection.Close("send failed");
                lock (_queue)
                {
                    // Only the connection that failed is given up; one resumed meanwhile carries on (this loop serves it).
                    if (_connection != connection)
                    {
                        continue;
                    }

                    _queue.Clear();
                    _connection = null;
                    _draining = false;
                }

                return;
            }
        }
    }
}
