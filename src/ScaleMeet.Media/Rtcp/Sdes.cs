namespace ScaleMeet.Media.Rtcp;

/// <summary>
/// Source description (RFC 3550 §6.5), a view over the packet bytes.
/// <code>
///         0                   1                   2                   3
///         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// header |V=2|P|    SC   |  PT=SDES=202  |             length            |
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// chunk  |                          SSRC/CSRC_1                          |
///   1    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |    CNAME=1    |     length    | user and domain name        ...
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |  other items (type, length, text) ... | 0 (end) | 0-3 zero bytes to a 32-bit boundary
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// chunk  |                          SSRC/CSRC_2                          |
///   2    :                              ...                              :
/// </code>
/// Parsing checks that SC chunks are each closed by a null item within the packet; item types other than
/// CNAME are kept as bytes and can be walked with <see cref="SdesChunk.EnumerateItems"/>.
/// </summary>
public readonly ref struct Sdes
{
    private readonly ReadOnlySpan<byte> _chunks;

    private Sdes(ReadOnlySpan<byte> chunks, int chunkCount)
    {
        _chunks = chunks;
        ChunkCount = chunkCount;
    }

    /// <summary>SC: number of chunks.</summary>
    public int ChunkCount { get; }

    /// <summary>Enumerates the chunks (<c>foreach (var chunk in sdes)</c>).</summary>
    public ChunkEnumerator GetEnumerator() => new(_chunks, ChunkCount);

    /// <summary>Parses and validates an SDES packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out Sdes sdes)
    {
        sdes = default;
        if (!RtcpHeader.TryParseBody(packet, RtcpPacketType.SDES, -1, out var header, out var body))
        {
            return false;
        }

        var rest = body;
        for (var i = 0; i < header.Count; i++)
        {
            if (!SdesChunk.TryRead(rest, out _, out var length))
            {
                return false;
            }

            rest = rest[length..];
        }

        sdes = new Sdes(body[..(body.Length - rest.Length)], header.Count);
        return true;
    }

    /// <summary>Writes an SDES packet with one chunk holding a CNAME item (1..255 bytes).</summary>
    public static bool TryWrite(Span<byte> dest, uint ssrc, ReadOnlySpan<byte> cname, out int written)
    {
        written = 0;
        var writer = new SdesWriter(dest);
        if (!writer.TryAddChunk(ssrc, cname))
        {
            return false;
        }

        written = writer.Finish();
        return true;
    }

    /// <summary>Walks the chunks of a parsed packet.</summary>
    public ref struct ChunkEnumerator
    {
        private ReadOnlySpan<byte> _rest;
        private int _left;

        internal ChunkEnumerator(ReadOnlySpan<byte> chunks, int count)
        {
            _rest = chunks;
            _left = count;
            Current = default;
        }

        /// <summary>The current chunk.</summary>
        public SdesChunk Current { get; private set; }

        /// <summary>Advances to the next chunk.</summary>
        public bool MoveNext()
        {
            if (_left == 0 || !SdesChunk.TryRead(_rest, out var chunk, out var length))
            {
                _left = 0;
                return false;
            }

            Current = chunk;
            _rest = _rest[length..];
            _left--;
            return true;
        }
    }
}
