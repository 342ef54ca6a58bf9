namespace ScaleMeet.Fuzz;

/// <summary>Runs saved inputs once each and prints what each did: how a finding is reproduced and turned into a test.</summary>
internal static class Replay
{
    /// <summary>0 when every input passed, 1 when one threw.</summary>
    public static int Run(IFuzzTarget target, IEnumerable<string> paths)
    {
        var failed = 0;
        var total = 0;
        foreach (var file in paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p).Order() : (IEnumerable<string>)[p]))
        {
            total++;
            var bytes = File.ReadAllBytes(file);
            try
            {
                target.Run(bytes);
            }
            catch (Exception ex)
            {
                failed++;
                Console.WriteLine($"{file}: {ex.GetType().Name}: {ex.Message}");
                Console.WriteLine($"  input ({bytes.Length} bytes): {Convert.ToHexStringLower(bytes.AsSpan(0, Math.Min(bytes.Length, 512)))}");
                Console.WriteLine($"  {ex.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
            }
        }

        Console.WriteLine($"{target.Name}: {total} inputs, {failed} failed");
        return failed == 0 ? 0 : 1;
    }
}
