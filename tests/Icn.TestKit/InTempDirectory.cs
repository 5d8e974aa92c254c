namespace Icn.TestKit;

/// <summary>A test class whose every test works in a temporary directory of its own, deleted after it.</summary>
public abstract class InTempDirectory : IDisposable
{
    protected TempDirectory Dir { get; } = new();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Dir.Dispose();
        }
    }
}
