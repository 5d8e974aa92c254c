using Icn.Core.Identity;

namespace Icn.Trust.Graph;

/// <summary>One reason for a score: the direct edge (<see cref="Via"/> null), or one attester this node trusts.</summary>
public sealed record TrustPath(Did? Via, double Score, double Contribution);

/// <summary>A DID's score, its class and every path that gave it, best first.</summary>
public sealed record TrustScore(Did Target, double Score, TrustClass Class, IReadOnlyList<TrustPath> Paths);

/// <summary>A DID whose class an edge change moved.</summary>
public sealed record ClassChange(Did Did, TrustClass From, TrustClass To);
