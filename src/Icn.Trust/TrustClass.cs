using Icn.Observability.Catalogue;

namespace Icn.Trust;

/// <summary>
/// How far this node works with a peer, from its score: the <c>class</c> label of the trust metrics and the policy
/// input of sessions, budgets and topic access. Ordered: each class is admitted wherever a lower one is.
/// </summary>
public enum TrustClass
{
    /// <summary>Score below <see cref="TrustClasses.Known"/>: a stranger. Admitted by default, with the smallest budgets.</summary>
    Isolated,

    /// <summary>Score from 0.1: someone a trusted node vouches for, or a weak direct edge.</summary>
    Known,

    /// <summary>Score from 0.4: a cooperative this one works with.</summary>
    Partner,

    /// <summary>Score from 0.7: a member of the same federation; the node itself.</summary>
    Federated,
}

/// <summary>The thresholds from score to class, and the class names operators write.</summary>
public static class TrustClasses
{
    public const double Known = 0.1;
    public const double Partner = 0.4;
    public const double Federated = 0.7;

    /// <summary>The class of a score in [0, 1].</summary>
    public static TrustClass Of(double score) => score switch
    {
        >= Federated => TrustClass.Federated,
        >= Partner => TrustClass.Partner,
        >= Known => TrustClass.Known,
        _ => TrustClass.Isolated,
    };

    /// <summary>The lowest score of a class.</summary>
    public static double Threshold(TrustClass trustClass) => trustClass switch
    {
        TrustClass.Federated => Federated,
        TrustClass.Partner => Partner,
        TrustClass.Known => Known,
        _ => 0,
    };

    /// <summary>The class named <paramref name="name"/> (isolated, known, partner, federated), if it is one.</summary>
    public static TrustClass? Parse(string? name)
    {
        var index = EnumLabels<TrustClass>.Values.ToList().IndexOf(name?.Trim().ToLowerInvariant() ?? "");
        return index < 0 ? null : (TrustClass)index;
    }

    public static string Name(this TrustClass trustClass) => EnumLabels<TrustClass>.Of(trustClass);

    /// <summary>The names, lowest first, for messages.</summary>
    public static string Names => string.Join(", ", EnumLabels<TrustClass>.Values);
}
