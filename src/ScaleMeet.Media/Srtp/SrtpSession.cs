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
/// Threading: single-threaded; one owner calls every method. Per packet, nothing is allocated except the state of a
/// new SSRC. All methods work in place and return false (never throw) on bad input; the contents of a packet that
/// failed to unprotect are unspecified.
/// </para>
/// <para>
/// The sender does not refuse to reuse a packet index: the caller must not send two different packets with the same
/// SSRC and sequence number (retransmit over RTX, RFC 4588), as reusing a GCM nonce exposes the authentication key.
/// The first SRTCP packet of an SSRC carries index 1, as libsrtp sends it.
/// </para>
/// </summary>
public sealed class SrtpSession : IDisposable
{
    private readonly SrtpTransform _transform;
    private readonly Dictionary<uint, SrtpReplayWindow> _rtpStreams = new();
    private readonly Dictionary<uint, SrtpReplayWindow> _rtcpReceive = new();
    private readonly Dictionary<uint, uint> _rtcpSend = new();
    private bool _disposed;

    public SrtpSession(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, bool allowIntrinsics = true)
        : this(profile, CreateTransform(profile, masterKey, masterSalt, allowIntrinsics))
    {
    }

    /// <summary>For tests that start from session keys (RFC 7714 vectors).</summary>
    internal SrtpSession(SrtpProfile profile, SrtpTransform transform)
    {
        Profile = profile;
        _transform = transform;
    }

    public SrtpProfile Profile { get; }

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
        ref SrtpReplayWindow stream = ref CollectionsMarshal.GetValueRefOrAddDefault(_rtpStreams, ssrc, out bool known);
        ulong index;
        if (!known)
        {
            index = seq;
            stream = SrtpReplayWindow.StartingAt(index);
        }
        else if (SrtpIndex.TryEstimate(stream.Highest, seq, out index))
        {
            stream.Accept(index);
        }
        else
        {
            return Malformed();
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
        ref uint counter = ref CollectionsMarshal.GetValueRefOrAddDefault(_rtcpSend, ssrc, out _);
        counter = (counter + 1) & 0x7FFF_FFFFu;
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
