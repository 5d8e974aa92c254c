using Icn.Core.Identity;

namespace Icn.Trust;

/// <summary>
/// What the resource manager asks of trust: the class of a DID now, and word when classes may have changed
/// (an edge added, removed, attested or expired), so that sessions, budgets and topic access follow at once.
/// </summary>
public interface ITrustPolicy
{
    TrustClass ClassOf(Did did);

    /// <summary>Raised after classes may have changed, outside any lock of the policy.</summary>
    event Action? Changed;
}

/// <summary>A policy for a node without a trust graph: every other DID is <see cref="TrustClass.Isolated"/>.</summary>
public sealed class OpenTrustPolicy : ITrustPolicy
{
    public static OpenTrustPolicy Instance { get; } = new();

    private OpenTrustPolicy()
    {
    }

    public TrustClass ClassOf(Did did) => TrustClass.Isolated;

    public event Action? Changed
    {
        add { }
        remove { }
    }
}
