namespace Icn.Core.Time;

/// <summary>
/// The rule for timestamps that authors sign (gossip entries, ledger records): a receiver refuses one
/// dated further ahead of its own clock than <see cref="MaxAhead"/>. One rule, so that an entry and the
/// ledger record it carries are accepted or refused together.
/// </summary>
public static class SignedTimestamps
{
    /// <summary>How far ahead of the receiver's clock a signed timestamp may be. 5 minutes.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromMinutes(5);
}
