namespace ScaleMeet.Bridge.Routing;

internal enum MediaKind
{
    Audio,
    Video,
}

internal static class MediaKindNames
{
    public static string ToSdp(this MediaKind kind) => kind == MediaKind.Audio ? "audio" : "video";
}
