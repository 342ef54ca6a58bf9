namespace ScaleMeet.LoadTest.SyntheticMedia;

/// <summary>
/// The media every synthetic participant sends: three VP8 simulcast layers (320×180 "q", 640×360 "h",
/// 1280×720 "f", lowest first) and an Opus tone, made once by <c>load-media.sh</c> with ffmpeg and cached on disk.
/// Load it once per process and share it: it is immutable.
/// </summary>
public sealed class MediaLibrary
{
    /// <summary>The script's file name, beside the program (<see cref="AppContext.BaseDirectory"/>).</summary>
    public const string ScriptName = "load-media.sh";

    /// <summary>How long the script may take; encoding takes about 10 s of CPU.</summary>
    public static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);

    private static readonly Lock s_createLock = new();

    private MediaLibrary(string directory, IReadOnlyList<VideoClip> videoLayers, AudioClip audio)
    {
        Directory = directory;
        VideoLayers = videoLayers;
        Audio = audio;
    }

    /// <summary>The simulcast rids of the layers, lowest first (Chrome's names).</summary>
    public static IReadOnlyList<string> Rids { get; } = ["q", "h", "f"];

    /// <summary>The files the script makes, one per layer, in the order of <see cref="Rids"/>.</summary>
    public static IReadOnlyList<string> VideoFiles { get; } = ["video-320x180.ivf", "video-640x360.ivf", "video-1280x720.ivf"];

    /// <summary>The Ogg Opus file.</summary>
    public const string AudioFile = "audio.opus";

    /// <summary>The per-packet audio levels (optional).</summary>
    public const string LevelsFile = "audio-levels.txt";

    /// <summary>The stamp the script writes last.</summary>
    public const string VersionFile = "VERSION";

    /// <summary>Where the media were loaded from.</summary>
    public string Directory { get; }

    /// <summary>The video layers, lowest first, matching <see cref="Rids"/>.</summary>
    public IReadOnlyList<VideoClip> VideoLayers { get; }

    /// <summary>The audio clip.</summary>
    public AudioClip Audio { get; }

    /// <summary><c>$XDG_CACHE_HOME/scalemeet/load-media</c>, or <c>~/.cache/scalemeet/load-media</c>.</summary>
    public static string DefaultDirectory
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(cache))
            {
                cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            }

            return Path.Combine(cache, "scalemeet", "load-media");
        }
    }

    /// <summary>The layer of a rid ("q", "h", "f"), or −1.</summary>
    public static int LayerOf(string rid)
    {
        for (var i = 0; i < Rids.Count; i++)
        {
            if (Rids[i] == rid)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Loads the media from <paramref name="directory"/> (default <see cref="DefaultDirectory"/>) after running
    /// <c>bash &lt;program dir&gt;/load-media.sh &lt;directory&gt;</c>, which makes them with ffmpeg (about 10 s of CPU)
    /// when a file is missing or the version stamp differs from the script's, and otherwise returns at once. Without
    /// the script, complete media are loaded as they are. Blocks while the script runs; one run at a time per process.
    /// Throws <see cref="MediaUnavailableException"/> when the media are missing and the script is too, when the
    /// script fails (the message carries ffmpeg's last stderr lines, e.g. that ffmpeg is not installed) or a file
    /// does not load.
    /// </summary>
    public static MediaLibrary LoadOrCreate(string? directory = null, string? scriptPath = null)
    {
        directory = Path.GetFullPath(directory ?? DefaultDirectory);
        scriptPath ??= Path.Combine(AppContext.BaseDirectory, ScriptName);
        if (File.Exists(scriptPath) || !IsComplete(directory))
        {
            lock (s_createLock)
            {
                MediaScript.Run(scriptPath, directory, ScriptTimeout);
            }
        }

        return Load(directory);
    }

    /// <summary>Loads the media from <paramref name="directory"/>; throws <see cref="MediaUnavailableException"/> when a file is missing or malformed.</summary>
    public static MediaLibrary Load(string directory)
    {
        var layers = new VideoClip[VideoFiles.Count];
        for (var i = 0; i < layers.Length; i++)
        {
            var path = Path.Combine(directory, VideoFiles[i]);
            if (!VideoClip.TryLoad(ReadFile(path), out var clip, out var error))
            {
                throw new MediaUnavailableException($"{path}: {error}; delete {directory} to have it made again.");
            }

            layers[i] = clip!;
        }

        var audioPath = Path.Combine(directory, AudioFile);
        var levelsPath = Path.Combine(directory, LevelsFile);
        var levels = File.Exists(levelsPath) ? File.ReadAllText(levelsPath) : null;
        if (!AudioClip.TryLoad(ReadFile(audioPath), levels, out var audio, out var audioError))
        {
            throw new MediaUnavailableException($"{audioPath}: {audioError}; delete {directory} to have it made again.");
        }

        return new MediaLibrary(directory, layers, audio!);
    }

    private static bool IsComplete(string directory) =>
        File.Exists(Path.Combine(directory, VersionFile)) && File.Exists(Path.Combine(directory, AudioFile))
        && VideoFiles.All(f => File.Exists(Path.Combine(directory, f)));

    private static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MediaUnavailableException($"Cannot read the load-test media file {path}: {e.Message}", e);
        }
    }
}
