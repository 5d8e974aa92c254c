namespace Icn.IntegrationTests;

/// <summary>
/// Tests that load the whole machine (thirty nodes, a ten-node soak, crowds of dialers) or time round trips:
/// run one at a time, after the parallel ones, so that neither disturbs the other's figures.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Alone
{
    public const string Name = "alone";
}
