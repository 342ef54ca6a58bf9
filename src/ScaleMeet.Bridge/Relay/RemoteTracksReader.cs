using System.Diagnostics.CodeAnalysis;
using ScaleMeet.Bridge.Negotiation;
using ScaleMeet.Contracts.Control;

namespace ScaleMeet.Bridge.Relay;

/// <summary>
/// Checks the tracks of a <see cref="RemoteSenderRequest"/> against the bounds a local publisher has
/// (<see cref="NegotiationOptions.MaxMediaSections"/> tracks, <see cref="NegotiationOptions.MaxRidsPerSection"/>
/// layers each): known kinds, distinct mids, payload types of 0–127, one layer without rid or distinct rids, no SSRC
/// twice. A remote sender costs this bridge what a local one does, never more.
/// </summary>
internal static class RemoteTracksReader
{
    public const int MaxMidLength = 16;
    public const int MaxRidLength = 16;

    public static bool TryCheck(RemoteSenderRequest request, NegotiationOptions limits, [NotNullWhen(false)] out string? problem)
    {
        problem = Check(request, limits);
        return problem is null;
    }

    private static string? Check(RemoteSenderRequest request, NegotiationOptions limits)
    {
        if (request.Tracks.Count > limits.MaxMediaSections)
        {
            return $"{request.Tracks.Count} tracks; a sender may have {limits.MaxMediaSections} (ScaleMeet:Bridge:Negotiation:MaxMediaSections)";
        }

        if (request.AudioLevelExtensionId is < 0 or > 14)
        {
            return $"audio level extension id {request.AudioLevelExtensionId} is not a one-byte header extension id (1-14, 0 for none)";
        }

        var mids = new HashSet<string>(StringComparer.Ordinal);
        var ssrcs = new HashSet<uint>();
        foreach (var track in request.Tracks)
        {
            if (track.Kind is not ("audio" or "video"))
            {
                return $"track kind '{track.Kind}' is neither audio nor video";
            }

            if (track.Mid.Length is 0 or > MaxMidLength || !mids.Add(track.Mid))
            {
                return $"track mid '{track.Mid}' is empty, longer than {MaxMidLength} or given twice";
            }

            if (track.PayloadType is < 0 or > 127 || track.RtxPayloadType is < 0 or > 127)
            {
                return $"track {track.Mid}: payload types must be 0-127";
            }

            if (track.Layers.Count == 0 || track.Layers.Count > limits.MaxRidsPerSection)
            {
                return $"track {track.Mid}: {track.Layers.Count} layers; 1 to {limits.MaxRidsPerSection} (ScaleMeet:Bridge:Negotiation:MaxRidsPerSection)";
            }

            if (track.Layers.Count > 1 && (track.Kind == "audio" || track.Layers.Any(l => l.Rid is null or { Length: 0 } || l.Rid.Length > MaxRidLength)
                || track.Layers.Select(l => l.Rid).Distinct(StringComparer.Ordinal).Count() != track.Layers.Count))
            {
                return $"track {track.Mid}: simulcast layers need distinct rids of 1-{MaxRidLength} characters (and video)";
            }

            foreach (var layer in track.Layers)
            {
                if ((layer.Ssrc != 0 && !ssrcs.Add(layer.Ssrc)) || (layer.RtxSsrc is { } rtx && (rtx == 0 || !ssrcs.Add(rtx))))
                {
                    return $"track {track.Mid}: SSRC {layer.Ssrc} or its RTX SSRC is 0 or given twice";
                }
            }

            if (track.Layers.Count == 1 && track.Layers[0] is { Ssrc: 0, Rid: null })
            {
                return $"track {track.Mid}: a layer without rid needs its SSRC";
            }
        }

        return null;
    }
}
