using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Focus;

/// <summary>
/// The last messages posted to one participant, oldest first, for a resumption after its connection dropped: at most
/// <see cref="MaxMessages"/> of them and <see cref="MaxBytes"/> of estimated size (the SDPs dominate), the oldest
/// dropped first. Guarded by its <see cref="Outbox"/>'s lock.
/// </summary>
internal sealed class ResumeLog(int maxMessages, int maxBytes)
{
    private readonly Queue<(SignalingMessage Message, int Size)> _messages = new();
    private int _bytes;

    public int MaxMessages { get; } = maxMessages;

    public int MaxBytes { get; } = maxBytes;

    public void Add(SignalingMessage message)
    {
        if (MaxMessages == 0)
        {
            return;
        }

        var size = EstimatedSize(message);
        _messages.Enqueue((message, size));
        _bytes += size;
        while (_messages.Count > MaxMessages || (_bytes > MaxBytes && _messages.Count > 0))
        {
            _bytes -= _messages.Dequeue().Size;
        }
    }

    /// <summary>The logged messages after <paramref name="lastSeq"/> up to <paramref name="newestSeq"/>; false when one of them is no longer logged.</summary>
    public bool TryGetAfter(long lastSeq, long newestSeq, out List<SignalingMessage> missed)
    {
        missed = [.. _messages.Select(m => m.Message).Where(m => m.Seq > lastSeq)];
        var expected = newestSeq - lastSeq;
        return missed.Count == expected;
    }

    /// <summary>Roughly what the message weighs in memory: its SDP (two bytes a character) and a fixed share for the rest.</summary>
    internal static int EstimatedSize(SignalingMessage message) => 256 + 2 * message switch
    {
        SubscribeOfferMessage offer => offer.Sdp.Length + 96 * offer.Tracks.Count,
        PublishAnswerMessage answer => answer.Sdp.Length,
        JoinedMessage joined => 128 * joined.Participants.Count,
        ErrorMessage error => error.Message.Length,
        _ => 0,
    };
}
