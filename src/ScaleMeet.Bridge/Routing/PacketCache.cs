namespace ScaleMeet.Bridge.Routing;

/// <summary>
/// The last N packets of one video layer, by sequence number, to answer NACKs with RTX.
/// A packet is copied in once when it arrives; slots are preallocated (no allocation per packet).
/// Caches come from the bridge's <see cref="PacketCachePool"/> when a layer first carries packets and go back when
/// its producer goes. Loop thread only.
/// </summary>
internal sealed class PacketCache
{
    public const int SlotSize = 1500;

    private readonly byte[] _data;
    private readonly int[] _lengths;
    private readonly int[] _sequence;
    private readonly int _mask;

    public PacketCache(int capacity)
    {
        if (capacity < 1 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be a power of two");
        }

        _data = new byte[capacity * SlotSize];
        _lengths = new int[capacity];
        _sequence = new int[capacity];
        Array.Fill(_sequence, -1);
        _mask = capacity - 1;
    }

    public int Capacity => _mask + 1;

    /// <summary>The memory one cache of <paramref name="capacity"/> packets holds, bytes (the slots and their index).</summary>
    public static long BytesFor(int capacity) => (long)capacity * (SlotSize + (2 * sizeof(int)));

    /// <summary>
    /// Forgets every kept packet, the memory stays: before the cache serves another layer, and when the sender starts a
    /// new stream on its layer (a new SSRC: its sequence numbers mean other packets).
    /// </summary>
    public void Clear()
    {
        Array.Fill(_sequence, -1);
        Array.Clear(_lengths);
    }

    /// <summary>Keeps a copy of a plain RTP packet; packets longer than a slot are not kept.</summary>
    public void Store(ushort sequenceNumber, ReadOnlySpan<byte> packet)
    {
        if (packet.Length > SlotSize)
        {
            return;
        }

        var slot = sequenceNumber & _mask;
        packet.CopyTo(_data.AsSpan(slot * SlotSize, SlotSize));
        _lengths[slot] = packet.Length;
        _sequence[slot] = sequenceNumber;
    }

    /// <summary>The kept packet with this sequence number, or false when it was overwritten or never seen.</summary>
    public bool TryGet(ushort sequenceNumber, out ReadOnlySpan<byte> packet)
    {
        var slot = sequenceNumber & _mask;
        if (_sequence[slot] != sequenceNumber)
        {
            packet = default;
            return false;
        }

        packet = _data.AsSpan(slot * SlotSize, _lengths[slot]);
        return true;
    }
}
