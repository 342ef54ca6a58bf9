using System.Runtime.InteropServices;

namespace ScaleMeet.Bridge.Net;

/// <summary>
/// A batch of datagrams for Linux's <c>recvmmsg(2)</c> / <c>sendmmsg(2)</c>: one system call moves up to
/// <see cref="Capacity"/> datagrams, each with its own buffer and peer address. The buffers, addresses and headers
/// live in pinned arrays allocated once, so a batch costs no allocation. Not thread-safe: one owner.
/// <para>Layout of the native structures on 64-bit Linux: <c>struct iovec</c> {base, len}, <c>struct msghdr</c>
/// {name, namelen, iov, iovlen, control, controllen, flags}, <c>struct mmsghdr</c> {msghdr, len}.</para>
/// </summary>
internal sealed unsafe class MessageBatch
{
    /// <summary>Room for any socket address (sockaddr_storage is 128 bytes).</summary>
    public const int AddressCapacity = 128;

    private readonly byte[] _buffers;
    private readonly byte[] _addresses;
    private readonly IoVec[] _iovecs;
    private readonly MMsgHdr[] _headers;
    private readonly byte* _bufferBase;
    private readonly byte* _addressBase;

    public MessageBatch(int capacity, int datagramCapacity)
    {
        Capacity = capacity;
        DatagramCapacity = datagramCapacity;
        _buffers = GC.AllocateArray<byte>(capacity * datagramCapacity, pinned: true);
        _addresses = GC.AllocateArray<byte>(capacity * AddressCapacity, pinned: true);
        _iovecs = GC.AllocateArray<IoVec>(capacity, pinned: true);
        _headers = GC.AllocateArray<MMsgHdr>(capacity, pinned: true);
        _bufferBase = (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_buffers, 0);
        _addressBase = (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_addresses, 0);
        var iovecBase = (IoVec*)Marshal.UnsafeAddrOfPinnedArrayElement(_iovecs, 0);
        for (var i = 0; i < capacity; i++)
        {
            _iovecs[i].Base = (nint)(_bufferBase + ((long)i * datagramCapacity));
            _headers[i].Header.Name = (nint)(_addressBase + ((long)i * AddressCapacity));
            _headers[i].Header.Iov = (nint)(iovecBase + i);
            _headers[i].Header.IovLength = 1;
        }

        Headers = (MMsgHdr*)Marshal.UnsafeAddrOfPinnedArrayElement(_headers, 0);
    }

    public int Capacity { get; }

    public int DatagramCapacity { get; }

    /// <summary>Datagrams in the batch (filled by a receive, or added for a send).</summary>
    public int Count { get; set; }

    public MMsgHdr* Headers { get; }

    /// <summary>Makes every slot ready to receive a full-size datagram and any address.</summary>
    public void PrepareReceive()
    {
        for (var i = 0; i < Capacity; i++)
        {
            _iovecs[i].Length = (nuint)DatagramCapacity;
            _headers[i].Header.NameLength = AddressCapacity;
            _headers[i].Length = 0;
        }

        Count = 0;
    }

    /// <summary>The datagram a receive put in slot <paramref name="index"/>.</summary>
    public Span<byte> Datagram(int index) => _buffers.AsSpan(index * DatagramCapacity, (int)Math.Min(_headers[index].Length, (uint)DatagramCapacity));

    /// <summary>The raw (native) peer address of slot <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Address(int index) =>
        _addresses.AsSpan(index * AddressCapacity, (int)Math.Min(_headers[index].Header.NameLength, (uint)AddressCapacity));

    /// <summary>Appends a datagram to send to <paramref name="address"/> (its native bytes); false when full or too large.</summary>
    public bool TryAdd(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> address)
    {
        if (Count == Capacity || datagram.Length > DatagramCapacity || address.Length > AddressCapacity)
        {
            return false;
        }

        var i = Count++;
        datagram.CopyTo(_buffers.AsSpan(i * DatagramCapacity, DatagramCapacity));
        address.CopyTo(_addresses.AsSpan(i * AddressCapacity, AddressCapacity));
        _iovecs[i].Length = (nuint)datagram.Length;
        _headers[i].Header.NameLength = (uint)address.Length;
        return true;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct IoVec
    {
        public nint Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct MsgHdr
    {
        public nint Name;
        public uint NameLength;
        public nint Iov;
        public nuint IovLength;
        public nint Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }
}
