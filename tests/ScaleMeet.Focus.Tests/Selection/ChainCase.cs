using ScaleMeet.Focus.Selection;

namespace ScaleMeet.Focus.Tests.Selection;

/// <summary>One row of a strategy table: the pool (any order), the request, the bridge expected and the step that decides.</summary>
internal sealed record ChainCase(BridgeCandidate[] Bridges, SelectionRequest Request, string? ExpectedId, string? ExpectedStep);
