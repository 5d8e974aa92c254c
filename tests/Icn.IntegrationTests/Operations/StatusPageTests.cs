using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Icn.IntegrationTests.Operations;

/// <summary>The status page of a real icnd, in Debian's Chromium driven by Playwright (installed by .ci/run).</summary>
public sealed class StatusPageTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly TempDirectory _dir = new();
    private NodeMesh? _mesh;

    public async ValueTask InitializeAsync() => _mesh = await NodeMesh.StartAsync(_dir, 3, new Dictionary<string, string> { ["ICN_GOSSIP_TOPICS"] = "page:news" });

    public async ValueTask DisposeAsync()
    {
        if (_mesh is not null)
        {
            await _mesh.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task The_console_shows_the_real_peers_with_moving_bytes_keeps_history_over_a_reload_and_warns_when_a_peer_is_killed()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install chromium (.ci/run does)");
        var ct = TestContext.Current.CancellationToken;
        var node = _mesh!.Nodes[2]; // its bootstrap peers are the other two
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        var (outside, errors) = (new List<string>(), new List<string>());
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith($"http://127.0.0.1:{node.MetricsPort}/", StringComparison.Ordinal))
            {
                outside.Add(request.Url);
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text); // a CSP violation, say
            }
        };

        await page.GotoAsync($"http://127.0.0.1:{node.MetricsPort}/");
        await Expect(page.Locator("#did")).ToHaveTextAsync(_mesh.Dids[2]);
        await Expect(page.Locator("#ready")).ToHaveTextAsync("ready");
        await Expect(page.Locator("#warnings li.none")).ToHaveTextAsync("no warnings");

        // The peers table: the two real peers, their addresses, a round trip and bytes each way; bytes move with traffic.
        await page.WaitForFunctionAsync("() => document.getElementById('peer-table').dataset.rows === '2'");
        foreach (var did in _mesh.Dids.Take(2))
        {
            var row = page.Locator("#peer-table tbody tr", new() { Has = page.Locator($"td[title='{did}']") });
            await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^127\.0\.0\.1:\d+$"));
            await Expect(row.Locator("td").Nth(5)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d ms$"));
        }

        var sentBefore = await SentToAsync(page, _mesh.Dids[0]);
        using (var rpc = node.Rpc())
        {
            for (var i = 0; i < 20; i++)
            {
                await rpc.PublishAsync(new PublishParams("page:news", $"entry {i}"), ct);
            }
        }

        await Poll.UntilAsync(async () => await SentToAsync(page, _mesh.Dids[0]) != sentBefore ? "" : null, "the bytes sent to the first peer to grow on the page");
        await Expect(page.Locator("#topic-table tbody tr", new() { Has = page.Locator("td", new() { HasTextString = "page:news" }) })).ToHaveCountAsync(1);

        // The charts come from the node's own 30-minute history: a reload draws them again at once.
        await page.WaitForFunctionAsync("() => Number(document.getElementById('chart-entries').dataset.points) >= 2", null, new() { Timeout = 30_000 });
        var drawn = int.Parse(await page.Locator("#chart-entries").GetAttributeAsync("data-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await page.ReloadAsync();
        await page.WaitForFunctionAsync($"() => Number(document.getElementById('chart-entries').dataset.points) >= {drawn}", null, new() { Timeout = 5_000 });
        await Shoot(page, "console-1400.png");

        // Narrow, as on a phone: nothing wider than the screen (tables scroll inside their frames).
        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "the page is wider than 390 px");
        await Shoot(page, "console-390.png");

        // A peer killed: the table loses it, and the warning names the bootstrap peer that is gone.
        await page.SetViewportSizeAsync(1400, 900);
        _mesh.Nodes[0].Process.Signal(9);
        await page.WaitForFunctionAsync("() => document.getElementById('peer-table').dataset.rows === '1'", null, new() { Timeout = 60_000 });
        await Expect(page.Locator("#warnings li.warning")).ToContainTextAsync($"bootstrap peer {_mesh.Dids[0]}");
        await Shoot(page, "console-peer-killed.png");
        Assert.Empty(outside);
        Assert.Empty(errors);
    }

    /// <summary>The "Sent" cell of one peer's row as shown, and its title (the message count, exact).</summary>
    private static async Task<string> SentToAsync(IPage page, string did)
    {
        var cell = page.Locator("#peer-table tbody tr", new() { Has = page.Locator($"td[title='{did}']") }).Locator("td").Nth(6);
        return $"{await cell.TextContentAsync()} ({await cell.GetAttributeAsync("title")})";
    }

    private static async Task Shoot(IPage page, string name)
    {
        var screenshot = await page.ScreenshotAsync(new() { FullPage = true, Path = Path.Combine(AppContext.BaseDirectory, "TestResults", name) });
        TestContext.Current.AddAttachment(name, screenshot, "image/png");
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

        await page.WaitForFunctionAsync("() => document.getElementById('trust-graph').dataset.nodes === '4'");
        await Expect(page.Locator("g.trust-node[data-class='federated']")).ToHaveCountAsync(2); // itself, and the peer
        await Expect(page.Locator("g.trust-node[data-class='isolated'][data-connected='true']")).ToHaveCountAsync(1); // the peer it has no edge to
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
