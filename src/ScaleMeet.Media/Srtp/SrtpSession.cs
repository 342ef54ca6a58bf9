using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ScaleMeet.Media.Srtp;

/// <summary>
/// One direction of one transport's SRTP/SRTCP (RFC 3711, RFC 7714): either what we send (local keys) or what we
/// receive (remote keys). Session keys are derived from the master key and salt at construction (RFC 3711 §4.3,
/// key derivation rate 0). Per-SSRC state — highest index (ROC and highest sequence number) and the 64-packet
/// replay window for SRTP, the SRTCP index counter or replay window for SRTCP — is created on the first packet of an
/// SSRC; on receive, only once that packet has authenticated, so forged packets leave no state behind.
/// <para>
/// Bounded and freed: at most <see cref="MaxStreams"/> SSRCs have state per direction (RTP and RTCP counted
/// apart); a packet of a further SSRC is dropped (<see cref="StreamLimitDropped"/>). <see cref="RemoveStream"/> frees
/// an SSRC's state and can retire it: the last <see cref="RetiredMemory"/> retired SSRCs are refused from then on
/// (<see cref="RetiredStreamDropped"/>), so neither a replayed packet nor a late one brings an old stream back.
/// </para>
/// <para>
/// No index is used twice: like libsrtp's sender-side replay check, <see cref="ProtectRtp"/> refuses an index this
/// session already protected for that SSRC, or one older than the 64-packet window (<see cref="IndexReuseRefused"/>):
/// two packets under one GCM nonce would expose the keystream and the authentication key. Retransmissions go over
/// RTX (RFC 4588), their own SSRC and sequence space. The SRTCP index of an SSRC counts from 1 (as libsrtp sends it)
/// and is never wrapped: past 2^31 − 1 that SSRC's RTCP is refused.
/// </para>
/// <para>
/// Threading: single-threaded; one owner calls every method. Per packet, nothing is allocated except the state of a
/// new SSRC. All methods work in place and return false (never throw) on bad input; the contents of a packet that
/// failed to unprotect are unspecified.
/// </para>
/// </summary>
public sealed class SrtpSession : IDisposable
{
    /// <summary>SSRCs with state per direction unless the constructor says otherwise.</summary>
    public const int DefaultMaxStreams = 1024;

    /// <summary>How many retired SSRCs are remembered (and refused).</summary>
    public const int RetiredMemory = 16;

    private const uint MaxRtcpIndex = 0x7FFF_FFFFu;

    private readonly SrtpTransform _transform;
    private readonly Dictionary<uint, SrtpReplayWindow> _rtpStreams = new();
    private readonly Dictionary<uint, SrtpReplayWindow> _rtcpReceive = new();
    private readonly Dictionary<uint, uint> _rtcpSend = new();
    private readonly uint[] _retired = new uint[RetiredMemory];
    private int _retiredCount;
    private int _nextRetired;
    private bool _disposed;

    /// <param name="maxStreams">SSRCs with state per direction (RTP and RTCP apart); at least 1.</param>
    public SrtpSession(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, bool allowIntrinsics = true,
        int maxStreams = DefaultMaxStreams)
        : this(profile, CreateTransform(profile, masterKey, masterSalt, allowIntrinsics), maxStreams)
    {
    }

    /// <summary>For tests that start from session keys (RFC 7714 vectors).</summary>
    internal SrtpSession(SrtpProfile profile, SrtpTransform transform, int maxStreams = DefaultMaxStreams)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStreams, 1);
        Profile = profile;
        _transform = transform;
        MaxStreams = maxStreams;
    }

    public SrtpProfile Profile { get; }

    /// <summary>The most SSRCs with SRTP (and, apart, SRTCP) state.</summary>
    public int MaxStreams { get; }

    /// <summary>SSRCs with SRTP state now.</summary>
    public int StreamCount => _rtpStreams.Count;

    /// <summary>Packets the send side refused: an index already protected for that SSRC, older than the window, or an exhausted SRTCP index.</summary>
    public long IndexReuseRefused { get; private set; }

    /// <summary>Packets of a new SSRC dropped (either side) because <see cref="MaxStreams"/> SSRCs have state.</summary>
    public long StreamLimitDropped { get; private set; }

    /// <summary>Packets of a retired SSRC dropped (either side).</summary>
    public long RetiredStreamDropped { get; private set; }

    /// <summary>Largest number of bytes <see cref="ProtectRtp"/> appends (the GCM tag).</summary>
    public static int MaxRtpOverhead => 16;

    /// <summary>Largest number of bytes <see cref="ProtectRtcp"/> appends (GCM tag + E/index word).</summary>
    public static int MaxRtcpOverhead => 16 + 4;

    public static int KeyLength(SrtpProfile p) => p switch
    {
        SrtpProfile.AesCm128HmacSha1_80 or SrtpProfile.AeadAes128Gcm => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(p), p, "Unsupported SRTP profile."),
    };

    public static int SaltLength(SrtpProfile p) => p switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => 14,
        SrtpProfile.AeadAes128Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(p), p, "Unsupported SRTP profile."),
    };

    /// <summary>Packets dropped because their tag did not verify.</summary>
    public long AuthenticationFailures { get; private set; }

    /// <summary>Packets dropped as replays or as older than the replay window.</summary>
    public long ReplaysDropped { get; private set; }

    /// <summary>Packets dropped as too short, not version 2, or without room for the trailer.</summary>
    public long MalformedDropped { get; private set; }

    /// <summary>True when AES-NI (and PCLMULQDQ for GCM) carry the cipher.</summary>
    internal bool UsesIntrinsics => _transform.UsesIntrinsics;

    /// <summary>
    /// Encrypts and authenticates RTP in place: <paramref name="packet"/> holds <paramref name="length"/> bytes of
    /// plain RTP and has room for the trailer. False on malformed input.
    /// </summary>
    public bool ProtectRtp(Span<byte> packet, int length, out int protectedLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        protectedLength = 0;
        int trailer = _transform.RtpTrailerLength;
        if (length < RtpHeaderLength.FixedLength || length > packet.Length - trailer
            || !RtpHeaderLength.TryGet(packet[..length], out int headerLength))
        {
            return Malformed();
        }

        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        ref SrtpReplayWindow stream = ref CollectionsMarshal.GetValueRefOrNullRef(_rtpStreams, ssrc);
        ulong index = seq;
        if (Unsafe.IsNullRef(ref stream))
        {
            if (!MayAddStream(_rtpStreams.Count, ssrc))
            {
                return false;
            }

            _rtpStreams.Add(ssrc, SrtpReplayWindow.StartingAt(index));
        }
        else if (!SrtpIndex.TryEstimate(stream.Highest, seq, out index))
        {
            return Malformed();
        }
        else if (!stream.Check(index))
        {
            // Already protected, or too old to tell: never twice under the same nonce.
            IndexReuseRefused++;
            return false;
        }
        else
        {
            stream.Accept(index);
        }

        _transform.ProtectRtp(packet, headerLength, length, ssrc, index);
        protectedLength = length + trailer;
        return true;
    }

    /// <summary>
    /// Verifies and decrypts SRTP in place. False on malformed input, authentication failure or replay; the replay
    /// window and ROC move only for authentic packets.
    /// </summary>
    public bool UnprotectRtp(Span<byte> packet, int length, out int plainLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        plainLength = 0;
        int trailer = _transform.RtpTrailerLength;
        if (length < RtpHeaderLength.FixedLength + trailer || length > packet.Length
            || !RtpHeaderLength.TryGet(packet[..(length - trailer)], out int headerLength))
        {
            return Malformed();
        }

        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        ref SrtpReplayWindow stream = ref CollectionsMarshal.GetValueRefOrNullRef(_rtpStreams, ssrc);
        bool known = !Unsafe.IsNullRef(ref stream);
        ulong index = seq;
        if (known && (!SrtpIndex.TryEstimate(stream.Highest, seq, out index) || !stream.Check(index)))
        {
            ReplaysDropped++;
            return false;
        }

        if (!known && !MayAddStream(_rtpStreams.Count, ssrc))
        {
            return false;
        }

        if (!_transform.UnprotectRtp(packet, headerLength, length, ssrc, index))
        {
            AuthenticationFailures++;
            return false;
        }

        if (known)
        {
            stream.Accept(index);
        }
        else
        {
            _rtpStreams.Add(ssrc, SrtpReplayWindow.StartingAt(index));
        }
        plainLength = length - trailer;
        return true;
    }

    /// <summary>Encrypts RTCP in place from byte 8 on and appends E = 1, the SRTCP index and the tag.</summary>
    public bool ProtectRtcp(Span<byte> packet, int length, out int protectedLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        protectedLength = 0;
        int trailer = _transform.RtcpTrailerLength;
        if (length < 8 || length > packet.Length - trailer || !RtpHeaderLength.IsRtcp(packet[..length]))
        {
            return Malformed();
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        ref uint counter = ref CollectionsMarshal.GetValueRefOrNullRef(_rtcpSend, ssrc);
        if (Unsafe.IsNullRef(ref counter))
        {
            if (!MayAddStream(_rtcpSend.Count, ssrc))
            {
                return false;
            }

            counter = ref CollectionsMarshal.GetValueRefOrAddDefault(_rtcpSend, ssrc, out _);
        }
        else if (counter == MaxRtcpIndex)
        {
            // The 31-bit index would wrap to one already used.
            IndexReuseRefused++;
            return false;
        }

        counter++;
        _transform.ProtectRtcp(packet, length, ssrc, counter);
        protectedLength = length + trailer;
        return true;
    }

    /// <summary>Verifies and (when E = 1) decrypts SRTCP in place; the replay window moves only for authentic packets.</summary>
    public bool UnprotectRtcp(Span<byte> packet, int length, out int plainLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        plainLength = 0;
        int trailer = _transform.RtcpTrailerLength;
        if (length < 8 + trailer || length > packet.Length || !RtpHeaderLength.IsRtcp(packet[..length]))
        {
            return Malformed();
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        uint word = BinaryPrimitives.ReadUInt32BigEndian(packet[(length - _transform.RtcpIndexFromEnd)..]);
        uint index = word & 0x7FFF_FFFFu;
        ref SrtpReplayWindow stream = ref CollectionsMarshal.GetValueRefOrNullRef(_rtcpReceive, ssrc);
        bool known = !Unsafe.IsNullRef(ref stream);
        if (known && !stream.Check(index))
        {
            ReplaysDropped++;
            return false;
        }

        if (!known && !MayAddStream(_rtcpReceive.Count, ssrc))
        {
            return false;
        }

        if (!_transform.UnprotectRtcp(packet, length, ssrc, word))
        {
            AuthenticationFailures++;
            return false;
        }

        if (known)
        {
            stream.Accept(index);
        }
        else
        {
            _rtcpReceive.Add(ssrc, SrtpReplayWindow.StartingAt(index));
        }
        plainLength = length - trailer;
        return true;
    }

    /// <summary>
    /// Frees the SRTP and SRTCP state of <paramref name="ssrc"/> (kept for send or receive, whichever this session
    /// does). With <paramref name="retire"/>, its packets are refused from then on, while it is among the last
    /// <see cref="RetiredMemory"/> retired; without, a later packet starts its state afresh (a receiver then accepts
    /// indexes again that it saw before, so retire what must not come back). A sender must never send on a freed SSRC
    /// again: its index would restart.
    /// </summary>
    public void RemoveStream(uint ssrc, bool retire = true)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _rtpStreams.Remove(ssrc);
        _rtcpReceive.Remove(ssrc);
        _rtcpSend.Remove(ssrc);
        if (retire && !IsRetired(ssrc))
        {
            _retired[_nextRetired] = ssrc;
            _nextRetired = (_nextRetired + 1) % RetiredMemory;
            _retiredCount = Math.Min(_retiredCount + 1, RetiredMemory);
        }
    }

    /// <summary>Sets the SRTCP index <paramref name="ssrc"/>'s next packet continues from (tests of the index's end).</summary>
    internal void SetRtcpSendIndex(uint ssrc, uint index) => _rtcpSend[ssrc] = index;

    /// <summary>Forgets every SSRC's state (benchmarks replay a fixed set of packets with it).</summary>
    internal void ResetStreams()
    {
        _rtpStreams.Clear();
        _rtcpReceive.Clear();
        _rtcpSend.Clear();
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _transform.Dispose();
        }
    }

    /// <summary>Whether state for a new <paramref name="ssrc"/> may be made, counting the refusal when not.</summary>
    private bool MayAddStream(int count, uint ssrc)
    {
        if (IsRetired(ssrc))
        {
            RetiredStreamDropped++;
            return false;
        }

        if (count >= MaxStreams)
        {
            StreamLimitDropped++;
            return false;
        }

        return true;
    }

    private bool IsRetired(uint ssrc) => _retiredCount > 0 && Array.IndexOf(_retired, ssrc, 0, _retiredCount) >= 0;

    private bool Malformed()
    {
        MalformedDropped++;
        return false;
    }

    private static SrtpTransform CreateTransform(SrtpProfile profile, ReadOnlySpan<byte> masterKey,
        ReadOnlySpan<byte> masterSalt, bool allowIntrinsics)
    {
        if (masterKey.Length != KeyLength(profile))
        {
            throw new ArgumentException($"{profile} needs a {KeyLength(profile)}-byte master key.", nameof(masterKey));
        }
        if (masterSalt.Length != SaltLength(profile))
        {
            throw new ArgumentException($"{profile} needs a {SaltLength(profile)}-byte master salt.", nameof(masterSalt));
        }

        int saltLength = SaltLength(profile);
        Span<byte> keys = stackalloc byte[2 * (16 + 20 + 14)];
        Span<byte> rtpKey = keys[..16], rtpAuth = keys.Slice(16, 20), rtpSalt = keys.Slice(36, saltLength);
        Span<byte> rtcpKey = keys.Slice(50, 16), rtcpAuth = keys.Slice(66, 20), rtcpSalt = keys.Slice(86, saltLength);
        try
        {
            SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpEncryption, rtpKey, allowIntrinsics);
            SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpSalt, rtpSalt, allowIntrinsics);
            SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpEncryption, rtcpKey, allowIntrinsics);
            SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpSalt, rtcpSalt, allowIntrinsics);
            if (profile == SrtpProfile.AeadAes128Gcm)
            {
                return new GcmTransform(rtpKey, rtpSalt, rtcpKey, rtcpSalt, allowIntrinsics);
            }
            SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpAuthentication, rtpAuth, allowIntrinsics);
            SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpAuthentication, rtcpAuth, allowIntrinsics);
            return new CmHmacTransform(rtpKey, rtpSalt, rtpAuth, rtcpKey, rtcpSalt, rtcpAuth, allowIntrinsics);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }
}
