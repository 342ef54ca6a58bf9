namespace ScaleMeet.LoadTest.SyntheticMedia;

/// <summary>
/// The load-test media could not be loaded or made: a file is missing or malformed, the script or ffmpeg is
/// missing, or the script failed. The message says which and what to do.
/// </summary>
public sealed class MediaUnavailableException : Exception
{
    public MediaUnavailableException(string message)
        : base(message)
    {
    }

    public MediaUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
