using ScaleMeet.LoadTest.Reports;
using ScaleMeet.LoadTest.Results;

namespace ScaleMeet.LoadTest.Cli;

/// <summary>
/// <c>scalemeet-load compare --results DIR --command TEXT --machine TEXT [--markdown FILE] [--html-dir DIR]</c>: reads
/// <c>scalemeet-S1.json</c> … and <c>janus-S1.json</c> … from DIR (what the side-by-side script writes), prints (or writes)
/// the Markdown section for docs/benchmarks.md and, with --html-dir, one comparison report per scenario.
/// </summary>
public static class CompareCommand
{
    public const string Usage = "usage: scalemeet-load compare --results DIR --command TEXT --machine TEXT [--markdown FILE] [--html-dir DIR]";

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new OptionsException($"compare: expected --name value pairs, got '{args[i]}' ({Usage})");
            }

            var name = args[i][2..];
            if (name is not ("results" or "command" or "machine" or "markdown" or "html-dir"))
            {
                throw new OptionsException($"compare: unknown option --{name} ({Usage})");
            }

            values[name] = args[i + 1];
        }

        if (!values.TryGetValue("results", out var directory) || !Directory.Exists(directory))
        {
            throw new OptionsException($"compare: --results must name a directory of results ({Usage})");
        }

        var pairs = new List<(LoadResults ScaleMeet, LoadResults Janus)>();
        foreach (var scenario in Scenario.Study)
        {
            var sm = Load(Path.Combine(directory, $"scalemeet-{scenario.Name}.json"));
            var janus = Load(Path.Combine(directory, $"janus-{scenario.Name}.json"));
            if (sm is not null && janus is not null)
            {
                pairs.Add((sm, janus));
                if (values.TryGetValue("html-dir", out var htmlDir))
                {
                    Directory.CreateDirectory(htmlDir);
                    File.WriteAllText(Path.Combine(htmlDir, $"compare-{scenario.Name}.html"), HtmlReport.RenderComparison([sm, janus]));
                }
            }
        }

        if (pairs.Count == 0)
        {
            throw new OptionsException($"compare: no scenario has both scalemeet-Sn.json and janus-Sn.json in {directory}");
        }

        var markdown = BenchmarkMarkdown.Render(pairs, values.GetValueOrDefault("command", "(not given)"), values.GetValueOrDefault("machine", "(not given)"));
        if (values.TryGetValue("markdown", out var file))
        {
            File.WriteAllText(file, markdown);
        }
        else
        {
            output.Write(markdown);
        }

        return 0;
    }

    private static LoadResults? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return ResultsJson.Deserialize(File.ReadAllText(path));
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new OptionsException($"compare: {path} is not a results file: {ex.Message}");
        }
    }
}
