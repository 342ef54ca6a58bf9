namespace ScaleMeet.LoadTest;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("scalemeet-load: not built yet");
        return 2;
    }
}
