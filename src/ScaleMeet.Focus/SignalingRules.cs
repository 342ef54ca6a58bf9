using System.Text;

using ScaleMeet.Contracts.Signaling;

namespace ScaleMeet.Focus;

/// <summary>
/// The rules of docs/protocol.md for names a browser sends: rooms are 1–64 of <c>A–Z a–z 0–9 _ . -</c>
/// (the same rule decides which paths serve the web client); display names are 1–64 characters after trimming,
/// without control characters.
/// </summary>
public static class SignalingRules
{
    public const int MaxRoomLength = 64;
    public const int MaxDisplayNameLength = 64;

    /// <summary>True when <paramref name="room"/> matches <c>^[A-Za-z0-9_.-]{1,64}$</c>.</summary>
    public static bool IsValidRoom(ReadOnlySpan<char> room)
    {
        if (room.Length is 0 or > MaxRoomLength)
        {
            return false;
        }

        foreach (var c in room)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Trims <paramref name="displayName"/> and checks it: 1–64 Unicode scalar values, no control characters,
    /// no unpaired surrogates. Returns the trimmed name, or null with <paramref name="problem"/> set.
    /// </summary>
    public static string? NormalizeDisplayName(string displayName, out string? problem)
    {
        var trimmed = displayName.Trim();
        var count = 0;
        var rest = trimmed.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                problem = "the display name is not valid UTF-16 text";
                return null;
            }

            if (Rune.IsControl(rune))
            {
                problem = "the display name must not contain control characters";
                return null;
            }

            count++;
            rest = rest[used..];
        }

        if (count == 0)
        {
            problem = "the display name is empty";
            return null;
        }

        if (count > MaxDisplayNameLength)
        {
            problem = $"the display name is {count} characters long; the limit is {MaxDisplayNameLength}";
            return null;
        }

        problem = null;
        return trimmed;
    }

    /// <summary>The most entries a receiverConstraints message may carry (participants on stage or constrained).</summary>
    public const int MaxConstrainedSources = 256;

    /// <summary>The largest video height a constraint may name.</summary>
    public const int MaxVideoHeight = 4320;

    /// <summary>Checks a receiverConstraints message; returns the first problem, or null.</summary>
    public static string? ValidateReceiverConstraints(ReceiverConstraintsMessage message)
    {
        if (message.LastN < -1)
        {
            return $"receiverConstraints: lastN must be -1 (all) or ≥ 0 (was {message.LastN})";
        }

        if (message.DefaultMaxHeight is < 0 or > MaxVideoHeight)
        {
            return $"receiverConstraints: defaultMaxHeight must be 0..{MaxVideoHeight} (was {message.DefaultMaxHeight})";
        }

        if (message.OnStage.Count > MaxConstrainedSources || message.Constraints.Count > MaxConstrainedSources)
        {
            return $"receiverConstraints: at most {MaxConstrainedSources} entries in onStage and in constraints";
        }

        foreach (var (source, constraint) in message.Constraints)
        {
            if (constraint is null || constraint.MaxHeight is < 0 or > MaxVideoHeight)
            {
                return $"receiverConstraints: constraints['{source}'].maxHeight must be 0..{MaxVideoHeight}";
            }
        }

        return null;
    }
}
