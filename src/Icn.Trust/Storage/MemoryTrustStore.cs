using Icn.Core.Identity;

namespace Icn.Trust.Storage;

/// <summary>Trust in memory, for tests and simulations: it outlives the graph that uses it, as a file would.</summary>
public sealed class MemoryTrustStore : ITrustStore
{
    private readonly Dictionary<(Did Source, Did Target), byte[]> _rows = [];

    public string File => "memory";

    public IReadOnlyList<byte[]> Load()
    {
        lock (_rows)
        {
            return [.. _rows.Values];
        }
    }

    public void Put(Did source, Did target, byte[] attestation)
    {
        lock (_rows)
        {
            _rows[(source, target)] = attestation;
        }
    }

    public void Remove(Did source, Did target)
    {
        lock (_rows)
        {
            _rows.Remove((source, target));
        }
    }

    public void RemoveFrom(Did source)
    {
        lock (_rows)
        {
            foreach (var key in _rows.Keys.Where(k => k.Source == source).ToList())
            {
                _rows.Remove(key);
            }
        }
    }

    public void RemoveDamaged(IReadOnlyList<byte[]> rows)
    {
        lock (_rows)
        {
            foreach (var key in _rows.Where(r => rows.Contains(r.Value)).Select(r => r.Key).ToList())
            {
                _rows.Remove(key);
            }
        }
    }

    public void Dispose()
    {
    }
}
