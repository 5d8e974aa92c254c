using System.Reflection;
using Icn.Observability.Catalogue;

namespace Icn.Observability.Registry;

/// <summary>The version and source commit of the running build.</summary>
public sealed record BuildInfo(string Version, string Commit)
{
    /// <summary>What is running: version and commit, carried once instead of on every series.</summary>
    public static MetricDefinition Metric { get; } = new("build", "icn_build_info", MetricKind.Gauge,
        "Build information of the running node; always 1",
        "Constant 1, labelled with the node's version and source commit.")
    {
        Labels = [new LabelDefinition("version"), new LabelDefinition("commit")],
    };

    /// <summary>
    /// Reads the informational version the SDK stamps as <c>version+commit</c>; "unknown" when the
    /// build had no source control information.
    /// </summary>
    public static BuildInfo FromAssembly(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? new BuildInfo(informational, "unknown")
            : new BuildInfo(informational[..plus], informational[(plus + 1)..][..Math.Min(12, informational.Length - plus - 1)]);
    }
}
