namespace ScaleMeet.Media.Sdp;

/// <summary>Which bound of <see cref="SdpLimits"/> stopped a parse (<see cref="None"/>: none did).</summary>
public enum SdpLimit
{
    None,
    MediaSections,
    AttributesPerSection,
    RidsPerSection,
    ExtMapsPerSection,
}
