using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Icn.IntegrationTests.Operations;

/// <summary>The status page of a real icnd, in Debian's Chromium driven by Playwright (installed by .ci/run).</summary>
public sealed class StatusPageTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly TempDirectory _dir = new();
    private NodeMesh? _mesh;

    public async ValueTask InitializeAsync() => _mesh = await NodeMesh.StartAsync(_dir, 2, new Dictionary<string, string> { ["ICN_GOSSIP_TOPICS"] = "page:news" });

    public async ValueTask DisposeAsync()
    {
        if (_mesh is not null)
        {
            await _mesh.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task Chromium_shows_the_did_the_peer_count_and_a_chart_that_updates()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install chromium (.ci/run does)");
        var node = _mesh!.Nodes[0];
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 } });
        var outside = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith($"http://127.0.0.1:{node.MetricsPort}/", StringComparison.Ordinal))
            {
                outside.Add(request.Url);
            }
        };

        await page.GotoAsync($"http://127.0.0.1:{node.MetricsPort}/");

        await Expect(page.Locator("#did")).ToHaveTextAsync(_mesh.Dids[0]);
        await Expect(page.Locator("#peers")).ToHaveTextAsync("1");
        await Expect(page.Locator("#ready")).ToContainTextAsync("yes");
        await page.WaitForFunctionAsync("() => Number(document.getElementById('chart-entries').dataset.points) >= 2");
        var before = await page.EvalOnSelectorAsync<string>("#chart-entries", "c => c.toDataURL()");

        // Entries published now must show in the chart at its next refresh.
        using var rpc = node.Rpc();
        for (var i = 0; i < 20; i++)
        {
            await rpc.PublishAsync(new PublishParams("page:news", $"entry {i}"), TestContext.Current.CancellationToken);
        }

        await page.WaitForFunctionAsync("() => Number(document.getElementById('chart-entries').dataset.points) >= 4");
        var after = await page.EvalOnSelectorAsync<string>("#chart-entries", "c => c.toDataURL()");
        Assert.NotEqual(before, after);

        var screenshot = await page.ScreenshotAsync(new() { FullPage = true, Path = Path.Combine(AppContext.BaseDirectory, "TestResults", "status-page.png") });
        TestContext.Current.AddAttachment("status-page.png", screenshot, "image/png");
        Assert.Empty(outside);
    }

    [Fact]
    public async Task Chromium_draws_the_trust_neighbourhood_coloured_by_class_with_the_connected_peer_ringed()
    {
        var node = _mesh!.Nodes[0];
        using var rpc = node.Rpc();
        using var absent = Icn.Identity.Keys.IdentityKeyPair.Generate();
        await rpc.TrustAddAsync(new TrustAddParams(_mesh.Dids[1], 0.8, ["federation"]), TestContext.Current.CancellationToken);
        await rpc.TrustAddAsync(new TrustAddParams(absent.Did.ToString(), 0.2), TestContext.Current.CancellationToken);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1100, Height = 1100 } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text); // a CSP violation, say
            }
        };

        await page.GotoAsync($"http://127.0.0.1:{node.MetricsPort}/");

        await page.WaitForFunctionAsync("() => document.getElementById('trust-graph').dataset.nodes === '3'");
        await Expect(page.Locator("g.trust-node[data-class='federated']")).ToHaveCountAsync(2); // itself, and the peer
        await Expect(page.Locator("g.trust-node[data-class='federated'][data-connected='true']")).ToHaveCountAsync(1);
        await Expect(page.Locator("g.trust-node[data-class='known'][data-connected='false']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#trust-graph line")).ToHaveCountAsync(2);
        var hover = await page.Locator("g.trust-node[data-class='known'] title").TextContentAsync();
        Assert.Contains(absent.Did.ToString(), hover, StringComparison.Ordinal); // the full DID on hover, abbreviated on the page
        var screenshot = await page.Locator("figure.trust").ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "TestResults", "trust-graph.png") });
        TestContext.Current.AddAttachment("trust-graph.png", screenshot, "image/png");
        Assert.Empty(errors);
    }
}
