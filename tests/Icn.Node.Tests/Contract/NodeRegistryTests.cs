using System.Text;
using Icn.Node.Metrics;
using Icn.Observability.Catalogue;
using Icn.Observability.Exposition;
using Icn.Observability.Registry;

namespace Icn.Node.Tests.Contract;

/// <summary>The registry icnd builds from its composed catalogue.</summary>
public sealed class NodeRegistryTests
{
    [Fact]
    public void Node_registry_shows_every_catalogue_family_and_only_declared_labels()
    {
        var registry = NodeCatalogue.CreateRegistry(new BuildInfo("1.2.3", "abcdef"));

        var text = Encoding.UTF8.GetString(ExpositionWriter.Render(registry, ExpositionFormat.PrometheusText));

        Assert.All(NodeCatalogue.All, d => Assert.Contains($"# TYPE {d.Name} ", text, StringComparison.Ordinal));
        Assert.Contains("icn_build_info{version=\"1.2.3\",commit=\"abcdef\"} 1\n", text, StringComparison.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
        {
            var name = line[..line.IndexOfAny([' ', '{'])];
            var family = NodeCatalogue.All.Single(d => name == d.Name || (d.Kind == MetricKind.Histogram && name.StartsWith(d.Name + "_", StringComparison.Ordinal)));
            var declared = family.Labels.Select(l => l.Name).Append("le").ToHashSet();
            var labels = line.Contains('{', StringComparison.Ordinal) ? line[(line.IndexOf('{', StringComparison.Ordinal) + 1)..line.IndexOf('}', StringComparison.Ordinal)] : "";
            foreach (var pair in labels.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.Contains(pair[..pair.IndexOf('=', StringComparison.Ordinal)], declared);
            }
        }
    }
}
