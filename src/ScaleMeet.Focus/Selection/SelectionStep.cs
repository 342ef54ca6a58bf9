namespace ScaleMeet.Focus.Selection;

/// <summary>
/// One named step of a strategy's chain (a method of <see cref="SelectionSteps"/>): the chain tries its steps in order
/// and the first that finds a bridge decides. <c>Find</c> takes the ordered candidates, the request, the options and
/// the desired region (null for none; ignored by the steps that do not look at regions).
/// </summary>
internal readonly record struct SelectionStep(
    string Name,
    Func<IReadOnlyList<BridgeCandidate>, SelectionRequest, SelectionOptions, string?, BridgeCandidate?> Find);
