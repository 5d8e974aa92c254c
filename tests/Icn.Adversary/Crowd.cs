using Icn.Core.Identity;
using Icn.Network.Transport;

namespace Icn.Adversary;

/// <summary>
/// Many <see cref="Dialer"/>s that dial one node and hold whatever connection it admits, sending nothing, until disposed.
/// The adversary program runs one in a process of its own; a test that measures nothing while it dials may run one in-process.
/// </summary>
public sealed class Crowd(List<Dialer> dialers) : IAsyncDisposable
{
    private readonly List<AuthenticatedConnection> _admitted = [];

    public static Crowd Prepare(int identities) => new([.. Enumerable.Range(0, identities).Select(_ => Dialer.Create())]);

    /// <summary>Dials with every identity, <paramref name="concurrency"/> at a time; says how many the node admitted.</summary>
    public async Task<int> DialAsync(int port, Did node, int concurrency)
    {
        using var gate = new SemaphoreSlim(concurrency);
        await Task.WhenAll(dialers.Select(async dialer =>
        {
            await gate.WaitAsync();
            try
            {
                var connection = await dialer.DialAsync(port, node);
                lock (_admitted)
                {
                    _admitted.Add(connection);
                }
            }
            catch (HandshakeException)
            {
                // refused at the handshake: the node's to count
            }
            finally
            {
                gate.Release();
            }
        }));
        return _admitted.Count;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _admitted)
        {
            await connection.DisposeAsync();
        }

        foreach (var dialer in dialers)
        {
            await dialer.DisposeAsync();
        }
    }
}
