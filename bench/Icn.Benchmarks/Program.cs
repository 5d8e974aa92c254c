using BenchmarkDotNet.Running;
using Icn.Benchmarks.Gossip;
using Icn.Benchmarks.Network;

if (args is ["rtt"])
{
    await RoundTrip.RunAsync();
    return;
}

if (args is ["handshakes", ..])
{
    await HandshakeReport.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500);
    return;
}

if (args is ["ledger-catchup"])
{
    Icn.Benchmarks.Ledger.CatchUpReport.Run();
    return;
}

if (args is ["gossip-load"])
{
    StoreLoadReport.Run();
    return;
}

if (args is ["gossip-scale", ..])
{
    ScaleReport.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000);
    return;
}

if (args is ["replication-vs-gossipsub", ..])
{
    var entries = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 15_000;
    var publishers = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 16;
    await RpcReplicationReport.RunAsync(entries, publishers);
    return;
}

if (args is ["gossip-sim"])
{
    SimulationReport.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
