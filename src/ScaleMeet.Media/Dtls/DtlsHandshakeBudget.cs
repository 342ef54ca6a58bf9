namespace ScaleMeet.Media.Dtls;

/// <summary>
/// What one handshake's inbound fragments commit BouncyCastle to hold, charged before it sees them. Its
/// reassembler allocates each new message's declared length at the first fragment (up to 16 messages ahead of the
/// one it expects) and keeps a list entry per hole a fragment punches, so a message costs its declared length plus
/// <see cref="FragmentCharge"/> per fragment. The charge only grows during a handshake (BouncyCastle keeps the
/// previous flight for retransmissions), which makes it an upper bound of what is live.
/// Threading: used under the owning <see cref="DtlsDatagramQueue"/>'s lock.
/// </summary>
internal sealed class DtlsHandshakeBudget
{
    /// <summary>Bytes charged per fragment: a reassembler hole (object and list slot) and the bookkeeping around it.</summary>
    public const int FragmentCharge = 32;

    /// <summary>Distinct message sequence numbers one handshake may use (a full handshake uses 5 per side).</summary>
    public const int MaxMessages = 32;

    private readonly int[] _sequences = new int[MaxMessages];
    private readonly int[] _lengths = new int[MaxMessages];
    private int _count;

    /// <summary>Bytes charged so far.</summary>
    public int Charged { get; private set; }

    /// <summary>Forgets every message (the handshake ended).</summary>
    public void Reset()
    {
        _count = 0;
        Charged = 0;
    }

    /// <summary>
    /// Charges the epoch-0 handshake fragments of a screened datagram when the result stays within
    /// <paramref name="available"/> bytes. A fragment whose declared length contradicts an earlier fragment of the same
    /// message (BouncyCastle would ignore it) makes the datagram <see cref="DtlsBudgetResult.Contradictory"/>.
    /// Nothing is charged unless the result is <see cref="DtlsBudgetResult.Charged"/>.
    /// </summary>
    public DtlsBudgetResult TryCharge(ReadOnlySpan<byte> datagram, int available, out int cost)
    {
        Span<int> sequences = stackalloc int[MaxMessages];
        Span<int> lengths = stackalloc int[MaxMessages];
        _sequences.AsSpan(0, _count).CopyTo(sequences);
        _lengths.AsSpan(0, _count).CopyTo(lengths);
        int count = _count;
        cost = 0;
        while (DtlsRecordHeader.TryParse(datagram, out DtlsRecordHeader record) && datagram.Length - DtlsRecordHeader.Size >= record.Length)
        {
            ReadOnlySpan<byte> fragments = datagram.Slice(DtlsRecordHeader.Size, record.Length);
            datagram = datagram[(DtlsRecordHeader.Size + record.Length)..];
            if (record.Epoch != 0 || record.ContentType != DtlsRecordHeader.Handshake)
            {
                continue;
            }

            while (DtlsHandshakeHeader.TryParse(fragments, out DtlsHandshakeHeader fragment)
                && fragments.Length - DtlsHandshakeHeader.Size >= fragment.FragmentLength)
            {
                fragments = fragments[(DtlsHandshakeHeader.Size + fragment.FragmentLength)..];
                int index = sequences[..count].IndexOf(fragment.MessageSequence);
                if (index < 0)
                {
                    if (count == MaxMessages)
                    {
                        return DtlsBudgetResult.OverBudget;
                    }

                    sequences[count] = fragment.MessageSequence;
                    lengths[count] = fragment.Length;
                    count++;
                    cost += fragment.Length;
                }
                else if (lengths[index] != fragment.Length)
                {
                    return DtlsBudgetResult.Contradictory;
                }

                cost += FragmentCharge;
            }
        }

        if (cost > available)
        {
            return DtlsBudgetResult.OverBudget;
        }

        sequences[..count].CopyTo(_sequences);
        lengths[..count].CopyTo(_lengths);
        _count = count;
        Charged += cost;
        return DtlsBudgetResult.Charged;
    }
}
