using System.Text;

namespace ScaleMeet.LoadTest.SyntheticMedia;

/// <summary>
/// Sends one participant's media as a browser would: up to three VP8 simulcast encodings at the clip's frame rate
/// (RTP clock 90 kHz; each encoding its own SSRC, sequence numbers, PictureIDs and TL0PICIDX) and Opus at one
/// packet per clip packet time (20 ms, timestamp +960 at 48 kHz), from looped in-memory clips. RTP timestamps
/// follow real time, continuous across loops. Header extensions: sdes:mid and sdes:rtp-stream-id on video,
/// ssrc-audio-level on audio (from the clip's measured levels), transport-wide-cc on every packet.
/// <para>
/// Threading: <see cref="SendDue"/> is called by one pacing thread (every few milliseconds); it sends what is due
/// and returns. <see cref="RequestKeyFrame"/>, <see cref="RequestKeyFrames"/>, <see cref="SetLayerActive(uint, bool)"/>,
/// <see cref="ChangeLayerSsrc"/> and <see cref="GetCounters"/> may be called from any thread (e.g. the RTCP receive thread on a PLI).
/// No allocation per packet: packets are written into one buffer and handed to the sink, which must copy them
/// to keep them.
/// </para>
/// </summary>
public sealed partial class SimulcastPublisher
{
    private const int AudioClockRate = 48000;
    private const int VideoClockRate = 90000;

    private readonly SimulcastPublisherOptions _options;
    private readonly PublishedStream? _audio;
    private readonly PublishedStream[] _layers;
    private readonly PublishedStream[] _all;
    private readonly TransportWideSequence _transportSequence;
    private readonly byte[] _packet;
    private readonly byte[] _videoMid;
    private readonly byte[] _audioMid;
    private readonly byte[] _transportCc = new byte[2];
    private readonly byte[] _audioLevel = new byte[1];
    private readonly long _frequency;
    private readonly long _maxLagTicks;
    private readonly int _framesPerSecond;
    private readonly int _videoTimestampStep;
    private long _start;
    private bool _started;
    private long _audioSlot;
    private long _videoSlot;

    /// <summary>Validates <paramref name="options"/> (throws <see cref="ArgumentException"/> naming the setting).</summary>
    public SimulcastPublisher(SimulcastPublisherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Extensions.Validate();
        if (options.AudioSsrc != 0 && options.Audio is null)
        {
            throw new ArgumentException("AudioSsrc is set but Audio (the clip) is null.", nameof(options));
        }

        if (options.AudioSsrc == 0 && options.VideoLayers.Count == 0)
        {
            throw new ArgumentException("Nothing to send: no AudioSsrc and no VideoLayers.", nameof(options));
        }

        if (options.MaxPacketLength is < 200 or > 1500)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxPacketLength, "MaxPacketLength must be 200..1500 bytes.");
        }

        if (options.TimestampFrequency <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TimestampFrequency, "TimestampFrequency must be positive.");
        }

        var ssrcs = options.VideoLayers.Select(l => l.Ssrc).Append(options.AudioSsrc).Where(s => s != 0).ToArray();
        if (ssrcs.Length != ssrcs.Distinct().Count() || options.VideoLayers.Any(l => l.Ssrc == 0))
        {
            throw new ArgumentException("The SSRCs must be distinct and not 0.", nameof(options));
        }

        _options = options;
        var random = options.Seed is { } seed ? new Random(seed) : new Random();
        _audio = options.AudioSsrc != 0 ? new PublishedStream(options.AudioSsrc, null, null, [], random) : null;
        _layers = options.VideoLayers.Select(l => new PublishedStream(l.Ssrc, l.Rid, l.Clip, Encoding.ASCII.GetBytes(l.Rid ?? ""), random)).ToArray();
        _all = _audio is null ? _layers : [_audio, .. _layers];
        _transportSequence = options.TransportSequence ?? new TransportWideSequence((ushort)random.Next(0, 0x10000));
        _packet = new byte[options.MaxPacketLength];
        _videoMid = Encoding.ASCII.GetBytes(options.VideoMid);
        _audioMid = Encoding.ASCII.GetBytes(options.AudioMid);
        _frequency = options.TimestampFrequency;
        _maxLagTicks = (long)(options.MaxLag.TotalSeconds * _frequency);
        _framesPerSecond = _layers.Length > 0 ? Math.Max(1, (int)Math.Round(_layers[0].Video!.FramesPerSecond)) : 30;
        _videoTimestampStep = VideoClockRate / _framesPerSecond;
    }

    /// <summary>The shared transport-wide-cc counter (give it to anything else that sends on the same transport).</summary>
    public TransportWideSequence TransportSequence => _transportSequence;

    /// <summary>The video SSRCs now, lowest layer first (a layer's changes with <see cref="ChangeLayerSsrc"/>).</summary>
    public IReadOnlyList<uint> VideoSsrcs => _layers.Select(l => l.Ssrc).ToArray();

    /// <summary>Video frames per second (all layers).</summary>
    public int FramesPerSecond => _framesPerSecond;

    /// <summary>When the next packet is due, in the caller's timestamp ticks; <see cref="long.MinValue"/> before the first <see cref="SendDue"/>.</summary>
    public long NextDueTimestamp => !_started ? long.MinValue : Math.Min(AudioDue(_audioSlot), VideoDue(_videoSlot));

    /// <summary>
    /// Sends every packet due at <paramref name="now"/> (ticks of <see cref="SimulcastPublisherOptions.TimestampFrequency"/>,
    /// e.g. <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>) to <paramref name="sink"/>, in time order, and
    /// returns how many. The first call starts the clock: audio and the first video frame go at once. Pacing thread only.
    /// </summary>
    public int SendDue(long now, IRtpSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (!_started)
        {
            _start = now;
            _started = true;
        }

        var sent = 0;
        while (true)
        {
            var audioDue = AudioDue(_audioSlot);
            var videoDue = VideoDue(_videoSlot);
            var due = Math.Min(audioDue, videoDue);
            if (due > now)
            {
                return sent;
            }

            if (audioDue <= videoDue)
            {
                if (now - audioDue > _maxLagTicks)
                {
                    var latest = (long)((Int128)(now - _start) * AudioClockRate / ((Int128)_frequency * _options.Audio!.SamplesPerPacket));
                    _audio!.SkippedSlots += latest - _audioSlot;
                    _audioSlot = latest;
                }

                sent += SendAudio(sink);
                _audioSlot++;
            }
            else
            {
                if (now - videoDue > _maxLagTicks)
                {
                    var latest = (long)((Int128)(now - _start) * _framesPerSecond / _frequency);
                    foreach (var layer in _layers)
                    {
                        layer.SkippedSlots += latest - _videoSlot;
                    }

                    _videoSlot = latest;
                }

                foreach (var layer in _layers)
                {
                    sent += SendFrame(layer, sink);
                }

                _videoSlot++;
            }
        }
    }

    /// <summary>Makes the layer with <paramref name="ssrc"/> send a key frame next (the clip jumps to its next key frame); false for an unknown SSRC. Any thread.</summary>
    public bool RequestKeyFrame(uint ssrc)
    {
        var layer = FindLayer(ssrc);
        layer?.RequestKeyFrame();
        return layer is not null;
    }

    /// <summary>Makes every layer send a key frame next. Any thread.</summary>
    public void RequestKeyFrames()
    {
        foreach (var layer in _layers)
        {
            layer.RequestKeyFrame();
        }
    }

    /// <summary>Pauses or resumes the layer with <paramref name="ssrc"/> (a resumed layer starts with a key frame); false for an unknown SSRC. Any thread.</summary>
    public bool SetLayerActive(uint ssrc, bool active)
    {
        var layer = FindLayer(ssrc);
        layer?.SetActive(active);
        return layer is not null;
    }

    /// <summary>
    /// Makes the layer with <paramref name="rid"/> go on under another SSRC at its next frame, its sequence numbers
    /// moved by <paramref name="sequenceShift"/> (negative: numbers the old SSRC already sent). Not forced to be a key
    /// frame; a key frame request for the new SSRC is answered as usual. A browser may change a layer's SSRC at any
    /// time; false for an unknown rid or an SSRC in use. Any thread.
    /// </summary>
    public bool ChangeLayerSsrc(string rid, uint ssrc, short sequenceShift)
    {
        var layer = Array.Find(_layers, l => l.Rid == rid);
        if (layer is null || ssrc == 0 || Array.Exists(_all, s => s.Ssrc == ssrc))
        {
            return false;
        }

        layer.RequestSsrcChange(ssrc, sequenceShift);
        return true;
    }

    /// <summary>Pauses or resumes the layer with <paramref name="rid"/>; false for an unknown rid. Any thread.</summary>
    public bool SetLayerActive(string rid, bool active)
    {
        var layer = Array.Find(_layers, l => l.Rid == rid);
        layer?.SetActive(active);
        return layer is not null;
    }

    /// <summary>The counters of every SSRC: audio first (when sent), then the video layers, lowest first. Any thread.</summary>
    public IReadOnlyList<PublishedStreamCounters> GetCounters() => _all.Select(s => s.Snapshot()).ToArray();

    /// <summary>
    /// The RTP timestamp of the stream <paramref name="ssrc"/> that corresponds to <paramref name="now"/> (what a sender
    /// report pairs with its NTP time); false before the first <see cref="SendDue"/> or for an unknown SSRC. Any thread.
    /// </summary>
    public bool TryGetRtpTimestamp(uint ssrc, long now, out uint rtpTimestamp)
    {
        rtpTimestamp = 0;
        var stream = Array.Find(_all, s => s.Ssrc == ssrc);
        if (!_started || stream is null)
        {
            return false;
        }

        var clockRate = stream.Video is null ? AudioClockRate : VideoClockRate;
        rtpTimestamp = unchecked(stream.TimestampBase + (uint)(long)((Int128)(now - _start) * clockRate / _frequency));
        return true;
    }

    private PublishedStream? FindLayer(uint ssrc) => Array.Find(_layers, l => l.Ssrc == ssrc);

    private long AudioDue(long slot) => _audio is null
        ? long.MaxValue
        : _start + (long)((Int128)slot * _frequency * _options.Audio!.SamplesPerPacket / AudioClockRate);

    private long VideoDue(long slot) => _layers.Length == 0 ? long.MaxValue : _start + (long)((Int128)slot * _frequency / _framesPerSecond);
}
