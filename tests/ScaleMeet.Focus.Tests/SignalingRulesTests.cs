namespace ScaleMeet.Focus.Tests;

public sealed class SignalingRulesTests
{
    [Theory]
    [InlineData("a", true)]
    [InlineData("Team_Standup.2024-06", true)]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", true)] // 64
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)] // 65
    [InlineData("", false)]
    [InlineData("a b", false)]
    [InlineData("a%20b", false)]
    [InlineData("ünïcode", false)]
    [InlineData("a/b", false)]
    public void IsValidRoom_Cases_MatchesProtocolRule(string room, bool valid) =>
        Assert.Equal(valid, SignalingRules.IsValidRoom(room));

    [Theory]
    [InlineData("Ada", "Ada")]
    [InlineData("  Ada Lovelace \t", "Ada Lovelace")]
    [InlineData("Zoë 😀", "Zoë 😀")]
    public void NormalizeDisplayName_Valid_Trimmed(string input, string expected)
    {
        Assert.Equal(expected, SignalingRules.NormalizeDisplayName(input, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \t ")]
    [InlineData("A\u0000")]
    [InlineData("A\u009Fb")]
    public void NormalizeDisplayName_Invalid_NullWithProblem(string input)
    {
        Assert.Null(SignalingRules.NormalizeDisplayName(input, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void NormalizeDisplayName_UnpairedSurrogate_Rejected()
    {
        // Built in code: xunit's theory data would turn a lone surrogate into U+FFFD.
        var lone = "A" + (char)0xDC00;

        Assert.Null(SignalingRules.NormalizeDisplayName(lone, out var problem));
        Assert.Contains("UTF-16", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void NormalizeDisplayName_LengthCountsCharactersNotUtf16Units()
    {
        Assert.NotNull(SignalingRules.NormalizeDisplayName(string.Concat(Enumerable.Repeat("😀", 64)), out _));
        Assert.Null(SignalingRules.NormalizeDisplayName(string.Concat(Enumerable.Repeat("😀", 65)), out _));
    }
}
