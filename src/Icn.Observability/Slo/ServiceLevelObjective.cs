namespace Icn.Observability.Slo;

/// <summary>
/// One service-level objective: the share of events (or of time) that must be good over <see cref="Window"/>, and the
/// PromQL for the share that was bad over any window. <see cref="BurnRateRules"/> turns a list of them into recording
/// rules and multiwindow, multi-burn-rate alerts; <see cref="BurnRateRuleTests"/> into promtool tests of those alerts.
/// </summary>
/// <param name="Name">The <c>slo</c> label, in snake case: <c>rpc_availability</c>.</param>
/// <param name="Alert">The alert's name; in lower case, its runbook's anchor in docs/operations.md.</param>
/// <param name="Summary">What a cooperative feels when it burns, a few words: "RPC calls failing".</param>
/// <param name="Objective">The share that must be good, e.g. 0.999.</param>
/// <param name="ErrorRatio">PromQL for the bad share over a window written <c>{window}</c>, by (job, instance).</param>
/// <param name="Sample">How a generated test makes input series whose bad share is a given ratio.</param>
public sealed record ServiceLevelObjective(string Name, string Alert, string Summary, double Objective, string ErrorRatio, SliSample Sample)
{
    /// <summary>The objective's window: 30 days, which the burn-rate factors of <see cref="BurnRate"/> assume.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    /// <summary>The error budget: the bad share the objective allows.</summary>
    public double Budget => Math.Round(1 - Objective, 12);

    /// <summary>The error ratio over <paramref name="window"/>, written as Prometheus writes durations.</summary>
    public string ErrorRatioOver(string window) => ErrorRatio.Replace("{window}", window, StringComparison.Ordinal);
}

/// <summary>The series a generated test feeds an SLI with: every one labelled with the test's job and instance.</summary>
public abstract record SliSample
{
    /// <summary>Other series the expression needs, with the value they keep (a node with components running, say).</summary>
    public IReadOnlyList<(string Series, double Value)> Context { get; init; } = [];
}

/// <summary>
/// Counters: <paramref name="Good"/> counts the good events, <paramref name="Bad"/> the bad ones; when
/// <paramref name="TotalIncludesBad"/>, <paramref name="Good"/> counts every event (the bad ones too).
/// </summary>
public sealed record CounterSample(string Good, string Bad, bool TotalIncludesBad = false) : SliSample;

/// <summary>A gauge that is bad while it is 0 and good while it is positive: a share of time.</summary>
public sealed record TimeSample(string Gauge) : SliSample;
