using Icn.Observability.Catalogue;

namespace Icn.Node.Tests.Contract;

public class MetricsDocumentTests
{
    [Fact]
    public void Docs_metrics_md_is_generated_from_the_catalogue()
    {
        var path = Repository.PathOf("docs", "metrics.md");
        var expected = MetricsDocument.Render(Icn.Node.Metrics.NodeCatalogue.All);
        if (Environment.GetEnvironmentVariable("ICN_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), "docs/metrics.md is missing: run ICN_UPDATE_DOCS=1 ./test.sh");
        Assert.True(expected == File.ReadAllText(path), "docs/metrics.md is stale: run ICN_UPDATE_DOCS=1 ./test.sh and commit it");
    }

    [Fact]
    public void Document_names_every_family()
    {
        var document = MetricsDocument.Render(Icn.Node.Metrics.NodeCatalogue.All);

        Assert.All(Icn.Node.Metrics.NodeCatalogue.All, d => Assert.Contains($"`{d.Name}`", document, StringComparison.Ordinal));
    }
}
