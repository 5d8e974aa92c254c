using BenchmarkDotNet.Running;
using Icn.Benchmarks.Network;

if (args is ["rtt"])
{
    await RoundTrip.RunAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
