using System.Buffers.Binary;
using ScaleMeet.Media.Rtp;

namespace ScaleMeet.LoadTest.SyntheticMedia;

/// <summary>Writing and sending the packets of one frame or audio packet (pacing thread only).</summary>
public sealed partial class SimulcastPublisher
{
    private int SendFrame(PublishedStream layer, IRtpSink sink)
    {
        var clip = layer.Video!;
        layer.TakeSsrcChange();
        if (layer.TakeKeyFrameRequest())
        {
            // Jump to the next key frame; the frames in between are never sent.
            var key = clip.NextKeyFrame(layer.Position);
            layer.SkippedFrames += (key - layer.Position + clip.FrameCount) % clip.FrameCount;
            layer.Position = key;
        }

        if (!layer.Active)
        {
            // A paused encoder: time passes, nothing is sent; resuming starts with a key frame.
            layer.Position = (layer.Position + 1) % clip.FrameCount;
            return 0;
        }

        var frame = clip.GetFrame(layer.Position);
        var timestamp = unchecked(layer.TimestampBase + (uint)(_videoSlot * _videoTimestampStep));
        byte? tl0PicIdx = _options.WriteTl0PicIdx ? layer.Tl0PicIdx : null;
        var headerLength = WriteVideoHeader(layer, marker: false, timestamp, dryRun: true);
        var count = Vp8Packetizer.PacketCount(frame.Length, _packet.Length - headerLength, tl0PicIdx.HasValue);
        for (var i = 0; i < count; i++)
        {
            var offset = WriteVideoHeader(layer, marker: i == count - 1, timestamp, dryRun: false);
            var length = offset + Vp8Packetizer.WritePayload(_packet.AsSpan(offset), frame, i, count, layer.PictureId, tl0PicIdx);
            Send(layer, sink, length);
        }

        layer.Frames++;
        if (clip.IsKeyFrame(layer.Position))
        {
            layer.KeyFrames++;
        }

        layer.PictureId = (ushort)((layer.PictureId + 1) & 0x7FFF);
        layer.Tl0PicIdx++;
        layer.Position = (layer.Position + 1) % clip.FrameCount;
        return count;
    }

    private int SendAudio(IRtpSink sink)
    {
        var audio = _audio!;
        var clip = _options.Audio!;
        var timestamp = unchecked(audio.TimestampBase + (uint)(_audioSlot * clip.SamplesPerPacket));
        var level = clip.GetLevel(audio.Position);
        var writer = new RtpHeaderWriter(_packet);
        writer.WriteFixedHeader(audio.First, _options.OpusPayloadType, audio.SequenceNumber++, timestamp, audio.Ssrc);
        var ids = _options.Extensions;
        if (ids.Mid != 0 && _options.WriteMidOnAudio)
        {
            writer.AddExtension(ids.Mid, _audioMid);
        }

        if (ids.AudioLevel != 0)
        {
            // RFC 6464: V (voice activity) | level in -dBov.
            _audioLevel[0] = (byte)((level < 127 ? 0x80 : 0) | (level & 0x7F));
            writer.AddExtension(ids.AudioLevel, _audioLevel);
        }

        if (ids.AudioTransportCc != 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_transportCc, _transportSequence.Next());
            writer.AddExtension(ids.AudioTransportCc, _transportCc);
        }

        var offset = writer.Finish();
        var payload = clip.GetPacket(audio.Position);
        payload.CopyTo(_packet.AsSpan(offset));
        audio.First = false;
        audio.Frames++;
        audio.Position = (audio.Position + 1) % clip.PacketCount;
        Send(audio, sink, offset + payload.Length);
        return 1;
    }

    /// <summary>
    /// Writes a video packet's RTP header into the packet buffer and returns its length. A dry run measures it
    /// without using a sequence number or a transport-wide number.
    /// </summary>
    private int WriteVideoHeader(PublishedStream layer, bool marker, uint timestamp, bool dryRun)
    {
        var writer = new RtpHeaderWriter(_packet);
        writer.WriteFixedHeader(marker, _options.Vp8PayloadType, layer.SequenceNumber, timestamp, layer.Ssrc);
        var ids = _options.Extensions;
        if (ids.Mid != 0 && _videoMid.Length > 0)
        {
            writer.AddExtension(ids.Mid, _videoMid);
        }

        if (ids.Rid != 0 && layer.RidBytes.Length > 0)
        {
            writer.AddExtension(ids.Rid, layer.RidBytes);
        }

        if (ids.VideoTransportCc != 0)
        {
            if (!dryRun)
            {
                BinaryPrimitives.WriteUInt16BigEndian(_transportCc, _transportSequence.Next());
            }

            writer.AddExtension(ids.VideoTransportCc, _transportCc);
        }

        if (!dryRun)
        {
            layer.SequenceNumber++;
        }

        return writer.Finish();
    }

    private void Send(PublishedStream stream, IRtpSink sink, int length)
    {
        stream.Packets++;
        stream.Bytes += length;
        if (!sink.SendRtp(_packet.AsSpan(0, length)))
        {
            stream.SendFailures++;
        }
    }
}
