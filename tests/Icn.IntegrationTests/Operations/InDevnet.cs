namespace Icn.IntegrationTests.Operations;

/// <summary>A test that runs a devnet in a folder of its own, with an HTTP client for its Prometheus; the devnet is taken down after.</summary>
public abstract class InDevnet : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();

    protected HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    protected string Folder => _dir.File("devnet");

    public async ValueTask DisposeAsync()
    {
        using (await ProgramRun.IcnctlAsync(["devnet", "down", "--dir", Folder]))
        {
        }

        Http.Dispose();
        _dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
