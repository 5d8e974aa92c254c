namespace Icn.TestKit;

/// <summary>Loopback ports for tests: the devnet's own choice (<see cref="Icn.Rpc.LoopbackPorts"/>).</summary>
public static class FreePort
{
    public static int Next() => Icn.Rpc.LoopbackPorts.Next();
}
