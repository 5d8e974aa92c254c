using System.Text.RegularExpressions;
using Icn.Observability.Catalogue;

namespace Icn.Node.Tests.Contract;

/// <summary>The source document's metric names, types and HELP texts are a public contract.</summary>
public partial class SourceContractTests
{
    private static readonly string s_fixture = Repository.PathOf("tests", "Icn.Node.Tests", "Contract", "source-metrics.tsv");
    private static readonly string s_journal = Path.GetFullPath(Repository.PathOf("..", "shared", "reference", "prometheus-metrics-journal.txt"));

    public static TheoryData<string, string, string> SourceMetrics()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (name, type, help) in ReadFixture())
        {
            data.Add(name, type, help);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SourceMetrics))]
    public void Catalogue_keeps_every_source_metric_with_its_type_and_help(string name, string type, string help)
    {
        var definition = Icn.Node.Metrics.NodeCatalogue.Find(name);

        Assert.NotNull(definition);
        Assert.Equal(type, definition.Kind.ToString().ToLowerInvariant());
        Assert.Equal(help, definition.Help);
        Assert.Empty(definition.Labels);
    }

    [Fact]
    public void Fixture_lists_the_23_metrics_of_the_source_document()
    {
        var rows = ReadFixture();
        Assert.Equal(23, rows.Count);
        Assert.Equal(14, rows.Count(r => r.Type == "counter"));
        Assert.Equal(8, rows.Count(r => r.Type == "gauge"));
        Assert.Single(rows, r => r.Type == "histogram");
    }

    [Fact]
    public void Fixture_matches_the_source_document_when_it_is_available()
    {
        // The journal lives beside the repository in the workplace; CI checks the fixture alone.
        Assert.SkipUnless(File.Exists(s_journal), $"source document not found at {s_journal}");
        var text = File.ReadAllText(s_journal);
        var fromJournal = new List<(string, string, string)>();
        foreach (var (type, heading) in new[] { ("counter", "Counters (monotonically increasing):"), ("gauge", "Gauges (can increase or decrease):"), ("histogram", "Histograms (distribution):") })
        {
            var line = text[(text.IndexOf(heading, StringComparison.Ordinal) + heading.Length)..].Trim().Split('\n')[0];
            fromJournal.AddRange(MetricInList().Matches(line).Select(m => (m.Groups[1].Value, type, m.Groups[2].Value.Trim())));
        }

        Assert.Equal(fromJournal, ReadFixture());
    }

    [Fact]
    public void Only_the_four_legacy_gauges_end_in_total()
    {
        var legacy = Icn.Node.Metrics.NodeCatalogue.All.Where(d => d.IsLegacyTotalGauge).Select(d => d.Name).Order();

        Assert.Equal(["icn_gossip_entries_total", "icn_gossip_topics_total", "icn_ledger_accounts_total", "icn_ledger_currencies_total"], legacy);
        Assert.All(Icn.Node.Metrics.NodeCatalogue.All.Where(d => d.Kind == MetricKind.Counter), d => Assert.EndsWith("_total", d.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_family_has_help_and_a_valid_prometheus_name()
    {
        Assert.All(Icn.Node.Metrics.NodeCatalogue.All, d =>
        {
            // The node's own families are icn_*; only the process component uses the names every client library gives.
            Assert.Matches(d.Component == "process" ? "^(process|dotnet)_[a-z0-9_]+$" : "^icn_[a-z0-9_]+$", d.Name);
            Assert.False(string.IsNullOrWhiteSpace(d.Help));
            Assert.False(string.IsNullOrWhiteSpace(d.Meaning));
        });
        Assert.Equal(Icn.Node.Metrics.NodeCatalogue.All.Count, Icn.Node.Metrics.NodeCatalogue.All.Select(d => d.Name).Distinct().Count());
    }

    private static List<(string Name, string Type, string Help)> ReadFixture() =>
        [.. File.ReadLines(s_fixture).Where(l => !l.StartsWith('#') && l.Length > 0).Select(l => l.Split('\t')).Select(p => (p[0], p[1], p[2]))];

    [GeneratedRegex(@"(icn_[a-z_]+?)- (.*?)(?=icn_[a-z_]+?- |$)")]
    private static partial Regex MetricInList();
}
