namespace ScaleMeet.EndToEnd.Tests.Janus;

/// <summary>A fact that needs Janus: skipped, with the reason, when <see cref="JanusInNamespace.Executable"/> is missing.</summary>
public sealed class JanusFactAttribute : FactAttribute
{
    public JanusFactAttribute()
    {
        if (!File.Exists(JanusInNamespace.Executable))
        {
            Skip = $"{JanusInNamespace.Executable} is not installed (apt-get install janus; test.sh installs it)";
        }
    }
}
