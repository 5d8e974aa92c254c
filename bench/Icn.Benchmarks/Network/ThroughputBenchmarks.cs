using BenchmarkDotNet.Attributes;
using Icn.Protocol.Messages;

namespace Icn.Benchmarks.Network;

/// <summary>
/// Messages through one session between two nodes on loopback (TLS 1.3, real sessions), against
/// the same frames over plain TCP as the ceiling. Time is per message; messages per second = 1e9 / ns.
/// </summary>
[MemoryDiagnoser]
public class ThroughputBenchmarks
{
    private const int Messages = 2000;

    private LoopbackPair _pair = null!;
    private PlainTcpPair _tcp = null!;
    private Direct _message = null!;

    [Params(100, 65536)]
    public int PayloadBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pair = LoopbackPair.StartAsync().GetAwaiter().GetResult();
        _tcp = PlainTcpPair.Start();
        _message = new Direct("bench", new byte[PayloadBytes]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _pair.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _tcp.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "one session, TLS: per message")]
    public Task Session() => _pair.SendAndAwaitAsync(_message, Messages);

    [Benchmark(OperationsPerInvoke = Messages, Description = "plain TCP, same framing: per message")]
    public Task PlainTcp() => _tcp.SendAndReceiveAsync(_message, Messages);
}
