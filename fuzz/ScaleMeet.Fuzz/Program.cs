using SharpFuzz;
using ScaleMeet.Fuzz;

// scalemeet-fuzz: the afl++ entry point of every fuzz target (scripts/fuzz.sh drives it).
//   list                         the targets
//   run <target>                 under afl-fuzz: SharpFuzz's fork server, one input per execution (stdin)
//   seed <target> <dir>          writes the seed corpus (the test vectors) into <dir>
//   replay <target> <path>...    runs files (or every file of folders) once each: what a finding does
const string Usage = "usage: scalemeet-fuzz list | run <target> | seed <target> <dir> | replay <target> <file-or-dir>...";

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

if (args[0] == "list")
{
    foreach (var t in FuzzTargets.All)
    {
        Console.WriteLine($"{t.Name,-10} {t.Description}");
    }

    return 0;
}

if (args.Length < 2 || FuzzTargets.Find(args[1]) is not { } target)
{
    Console.Error.WriteLine(args.Length < 2 ? Usage : $"unknown target '{args[1]}'; targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");
    return 2;
}

switch (args[0])
{
    case "run":
        var input = new MemoryStream();
        Fuzzer.OutOfProcess.Run(stream =>
        {
            input.SetLength(0);
            stream.CopyTo(input);
            target.Run(input.GetBuffer().AsSpan(0, (int)input.Length));
        });
        return 0;
    case "seed" when args.Length == 3:
        Directory.CreateDirectory(args[2]);
        var count = 0;
        foreach (var (name, bytes) in target.Seeds)
        {
            target.Run(bytes); // a seed that fails is a bug in the target or the parser, not a corpus entry
            File.WriteAllBytes(Path.Combine(args[2], name), bytes);
            count++;
        }

        Console.WriteLine($"{target.Name}: {count} seeds in {args[2]}");
        return 0;
    case "replay" when args.Length >= 3:
        return Replay.Run(target, args[2..]);
    default:
        Console.Error.WriteLine(Usage);
        return 2;
}
