using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Icn.IntegrationTests.Cli;

/// <summary>Two real icnd in a mesh, driven through the real icnctl.</summary>
public sealed class IcnctlFixture : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();

    public NodeMesh Mesh { get; private set; } = null!;

    public TempDirectory Dir => _dir;

    public async ValueTask InitializeAsync()
    {
        Mesh = await NodeMesh.StartAsync(_dir, 2, new Dictionary<string, string>());
        foreach (var node in Mesh.Nodes)
        {
            await Poll.UntilAsync(async () => (await node.Http.GetAsync("readyz")).IsSuccessStatusCode ? "" : null, "readiness");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Mesh is not null)
        {
            await Mesh.DisposeAsync();
        }

        _dir.Dispose();
    }

    /// <summary>Runs icnctl against <paramref name="node"/> and returns the finished process.</summary>
    public static Task<ProgramRun> Icnctl(RunningNode node, params string[] args) =>
        ProgramRun.IcnctlAsync(["--data-dir", node.DataDirectory, "--rpc-addr", node.RpcAddress, .. args]);

    /// <summary>Runs icnctl with --json, asserts exit 0, and parses its output.</summary>
    public static async Task<T> Json<T>(RunningNode node, JsonTypeInfo<T> type, params string[] args)
    {
        using var run = await Icnctl(node, [.. args, "--json"]);
        Assert.True(run.ExitCode == 0, $"icnctl {string.Join(' ', args)}: exit {run.ExitCode}\n{run.Output}");
        return JsonSerializer.Deserialize(run.Stdout, type) ?? throw new InvalidOperationException("null");
    }
}
