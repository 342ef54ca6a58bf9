using System.Diagnostics;
using ScaleMeet.LoadTest.SyntheticMedia;

namespace ScaleMeet.LoadTest.Tests.SyntheticMedia;

/// <summary>How <see cref="MediaLibrary.LoadOrCreate"/> and load-media.sh fail, without running ffmpeg.</summary>
public sealed class MediaScriptTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("scalemeet-media-test-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void LoadOrCreate_NoMediaNoScript_ThrowsNamingTheScript()
    {
        var script = Path.Combine(_directory, "missing", "load-media.sh");

        var e = Assert.Throws<MediaUnavailableException>(() => MediaLibrary.LoadOrCreate(Path.Combine(_directory, "media"), script));

        Assert.Contains(script, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadOrCreate_ScriptFails_MessageHasExitCodeAndLastStderrLines()
    {
        var script = Path.Combine(_directory, "fails.sh");
        File.WriteAllText(script, "for i in $(seq 1 40); do echo \"ffmpeg says $i\" >&2; done\nexit 3\n");

        var e = Assert.Throws<MediaUnavailableException>(() => MediaLibrary.LoadOrCreate(Path.Combine(_directory, "media"), script));

        Assert.Contains("exit code 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("ffmpeg says 40", e.Message, StringComparison.Ordinal);
        Assert.Contains("ffmpeg says 26", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ffmpeg says 25", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedFile_ThrowsNamingIt()
    {
        foreach (var name in MediaLibrary.VideoFiles.Append(MediaLibrary.AudioFile))
        {
            File.WriteAllBytes(Path.Combine(_directory, name), [1, 2, 3]);
        }

        var e = Assert.Throws<MediaUnavailableException>(() => MediaLibrary.Load(_directory));

        Assert.Contains(MediaLibrary.VideoFiles[0], e.Message, StringComparison.Ordinal);
        Assert.Contains("not an IVF file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Script_WithoutFfmpeg_ExitsNonZeroSayingSo()
    {
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, MediaLibrary.ScriptName));
        start.ArgumentList.Add(Path.Combine(_directory, "media"));
        start.Environment["PATH"] = Path.Combine(_directory, "empty-path"); // bash builtins only: no ffmpeg

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)));

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("ffmpeg is not installed", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "media")));
    }

    [Fact]
    public void DefaultDirectory_UnderTheUserCache()
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var expected = string.IsNullOrEmpty(cache)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "scalemeet", "load-media")
            : Path.Combine(cache, "scalemeet", "load-media");

        Assert.Equal(expected, MediaLibrary.DefaultDirectory);
    }
}
