namespace Icn.Trust;

/// <summary>The trust settings (<c>trust.*</c> keys), each with its documented default.</summary>
public sealed record TrustOptions
{
    /// <summary>
    /// <c>trust.publish_attestations</c>: whether this node publishes its own edges, signed, on
    /// <see cref="AttestationsTopic"/>, so that the nodes that trust it may count them. Default false: who a
    /// cooperative trusts is its own business until it says otherwise.
    /// </summary>
    public bool PublishAttestations { get; init; }

    /// <summary>Most edges of this node's own. Default 10,000.</summary>
    public int MaxEdges { get; init; } = 10_000;

    /// <summary>Most attestations held from one attester; beyond it its newest are refused. Default 1,000.</summary>
    public int MaxAttestationsPerAttester { get; init; } = 1_000;

    /// <summary>The gossip topic attestations travel on.</summary>
    public const string AttestationsTopic = "trust:attestations";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        Require(MaxEdges > 0, nameof(MaxEdges), "must be positive");
        Require(MaxAttestationsPerAttester >= 0, nameof(MaxAttestationsPerAttester), "must not be negative");
    }

    private static void Require(bool condition, string name, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"{name} {problem}", name);
        }
    }
}
