using Microsoft.Extensions.Logging;

namespace Icn.Node.Logging;

/// <summary>
/// The components a level can be set for (<c>log_levels.gossip = "debug"</c>), named as their metrics are
/// (<c>icn_gossip_*</c>), and the logger categories each one covers: its library and its part of the node.
/// </summary>
public static class LogComponents
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Categories { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        ["node"] = ["Icn.Node", "Icn.Node.Startup", "Icn.Node.Supervision.ReadinessTracker"],
        ["network"] = ["Icn.Network", "Icn.Node.Components.NetworkComponent"],
        ["gossip"] = ["Icn.Gossip", "Icn.Node.Components.GossipComponent"],
        ["ledger"] = ["Icn.Ledger", "Icn.Node.Components.LedgerComponent"],
        ["trust"] = ["Icn.Trust", "Icn.Node.Components.TrustComponent"],
        ["rpc"] = ["Icn.Rpc", "Icn.Node.Rpc"],
        ["http"] = ["Icn.Node.Http"],
        ["storage"] = ["Icn.Storage", "Icn.Node.Supervision.StorageGuard"],
    };

    /// <summary>The names, for documentation and error messages.</summary>
    public static string Names => string.Join(", ", Categories.Keys);

    /// <summary>The component a category belongs to (the longest prefix that matches), or null for a library's own.</summary>
    public static string? Of(string category) => Categories
        .SelectMany(c => c.Value.Select(prefix => (Component: c.Key, Prefix: prefix)))
        .Where(c => category == c.Prefix || category.StartsWith(c.Prefix + ".", StringComparison.Ordinal))
        .OrderByDescending(c => c.Prefix.Length)
        .Select(c => c.Component)
        .FirstOrDefault();

    /// <summary>
    /// A filter rule for every category of every component, at its own level or else <paramref name="level"/>: the logging
    /// library applies the longest matching category, so "node" at debug does not carry over to the node's HTTP ports.
    /// </summary>
    public static void Apply(ILoggingBuilder logging, LogLevel level, IReadOnlyDictionary<string, LogLevel> levels)
    {
        foreach (var (component, prefixes) in Categories)
        {
            foreach (var prefix in prefixes)
            {
                logging.AddFilter(prefix, levels.GetValueOrDefault(component, level));
            }
        }
    }
}
