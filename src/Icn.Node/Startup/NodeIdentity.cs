using Icn.Core.Identity;
using Icn.Identity.Keys;

namespace Icn.Node.Startup;

/// <summary>The unlocked identity of this node, or none: then the node runs system-only.</summary>
public sealed class NodeIdentity(IdentityKeyPair? key) : IDisposable
{
    public IdentityKeyPair? Key { get; } = key;

    public Did? Did => Key?.Did;

    public bool IsPresent => Key is not null;

    public void Dispose() => Key?.Dispose();
}
