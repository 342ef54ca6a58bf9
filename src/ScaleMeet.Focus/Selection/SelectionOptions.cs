namespace ScaleMeet.Focus.Selection;

/// <summary>
/// How the focus picks a bridge for each participant, section <c>ScaleMeet:Focus:BridgeSelection</c>. The settings
/// are Jicofo's (<c>jicofo.bridge.*</c>) under our names; every default is Jicofo's. Validated at start-up by
/// <see cref="Validate"/>, which names the setting that is wrong.
/// </summary>
public sealed class SelectionOptions
{
    public const string Section = "ScaleMeet:Focus:BridgeSelection";

    /// <summary>
    /// The strategy: <c>Single</c> (default: a conference on one bridge), <c>Split</c> (testing: spread over as many
    /// bridges as possible), <c>RegionBased</c> (bridges near the participants), <c>IntraRegion</c> (one region, several
    /// bridges). Case-insensitive. Every strategy but Single puts one conference on several bridges, which only works
    /// where bridges relay media to each other. Jicofo: <c>selection-strategy</c>, default SingleBridgeSelectionStrategy.
    /// </summary>
    public string Strategy { get; set; } = SelectionStrategies.Single;

    /// <summary>
    /// A bridge is overloaded when its corrected stress is at or above this (1.0 = fully loaded); overloaded bridges get
    /// new participants only when no other fits. Greater than 0, at most 1. Default 0.8 (Jicofo's stress-threshold).
    /// </summary>
    public double OverloadThreshold { get; set; } = 0.8;

    /// <summary>
    /// How long a placement counts in <see cref="BridgeCandidate.RecentlyPlaced"/> (the stress correction for
    /// participants the bridge's last report does not show yet). 0 (no correction) to 10 min. Default 20 s (Jicofo's
    /// participant-rampup-interval).
    /// </summary>
    public TimeSpan ParticipantRampUpInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Participants of one conference one bridge may hold before the multi-bridge strategies prefer another bridge
    /// (Single ignores it, as Jicofo does). 1..100000, or -1 for no maximum. Default 80 (Jicofo's max-bridge-participants).
    /// </summary>
    public int MaxParticipantsPerBridgeInConference { get; set; } = 80;

    /// <summary>
    /// Groups of regions close to each other, e.g. <c>[["us-east","us-west"],["eu-central","eu-west"]]</c>: RegionBased
    /// prefers a bridge of the participant's group when its own region has none that fits. A region listed in no group
    /// is a group of its own; a region may be in one group only. Region names compare ordinal (case-sensitive), as the
    /// bridges report them. Default none (Jicofo's region-groups).
    /// </summary>
    public IList<IList<string>> RegionGroups { get; set; } = new List<IList<string>>();

    /// <summary>Returns the first problem found, naming the setting, or null when the options are usable.</summary>
    public string? Validate()
    {
        if (SelectionStrategies.Find(Strategy) is null)
        {
            return $"{Section}:Strategy must be one of {string.Join(", ", SelectionStrategies.Names)} (was '{Strategy}')";
        }

        if (!(OverloadThreshold > 0 && OverloadThreshold <= 1))
        {
            return $"{Section}:OverloadThreshold must be greater than 0 and at most 1 (was {OverloadThreshold})";
        }

        if (ParticipantRampUpInterval < TimeSpan.Zero || ParticipantRampUpInterval > TimeSpan.FromMinutes(10))
        {
            return $"{Section}:ParticipantRampUpInterval must be between 0 and 10 min (was {ParticipantRampUpInterval})";
        }

        if (MaxParticipantsPerBridgeInConference is not (-1 or (>= 1 and <= 100_000)))
        {
            return $"{Section}:MaxParticipantsPerBridgeInConference must be 1..100000, or -1 for no maximum (was {MaxParticipantsPerBridgeInConference})";
        }

        return ValidateRegionGroups();
    }

    private string? ValidateRegionGroups()
    {
        if (RegionGroups is null)
        {
            return $"{Section}:RegionGroups must be a list of region lists (was null)";
        }

        for (var i = 0; i < RegionGroups.Count; i++)
        {
            var group = RegionGroups[i];
            if (group is null || group.Count == 0)
            {
                return $"{Section}:RegionGroups:{i} must list at least one region";
            }

            for (var j = 0; j < group.Count; j++)
            {
                if (string.IsNullOrWhiteSpace(group[j]))
                {
                    return $"{Section}:RegionGroups:{i}:{j} must be a region name (was empty)";
                }

                for (var k = 0; k < i; k++)
                {
                    if (RegionGroups[k]?.Contains(group[j], StringComparer.Ordinal) == true)
                    {
                        return $"{Section}:RegionGroups: region '{group[j]}' is in groups {k} and {i}; a region may be in one group only";
                    }
                }
            }
        }

        return null;
    }
}
