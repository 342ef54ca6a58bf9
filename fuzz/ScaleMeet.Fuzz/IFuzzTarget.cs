namespace ScaleMeet.Fuzz;

/// <summary>
/// One parser under afl-fuzz. <see cref="Run"/> feeds an input to the parser the way the server does and checks
/// what must hold for every input (a round trip through the writer agrees with the first parse); it returns
/// normally for any input the server must survive, and throws when a parser throws or an invariant breaks,
/// which afl records as a crash. <see cref="Seeds"/> starts the corpus from the test vectors.
/// </summary>
internal interface IFuzzTarget
{
    /// <summary>The name given to scripts/fuzz.sh and on the command line.</summary>
    string Name { get; }

    /// <summary>What the target drives, for --help.</summary>
    string Description { get; }

    /// <summary>Named seed inputs: the test projects' vectors and writer output.</summary>
    IEnumerable<KeyValuePair<string, byte[]>> Seeds { get; }

    void Run(ReadOnlySpan<byte> input);
}
