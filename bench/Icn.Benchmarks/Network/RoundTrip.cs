using System.Diagnostics;
using Icn.Protocol.Messages;

namespace Icn.Benchmarks.Network;

/// <summary>
/// Round-trip latency at light load (one message in flight): BenchmarkDotNet reports means, not p99,
/// so this mode times each round trip and prints the percentiles. Run: dotnet run -c Release -- rtt
/// </summary>
internal static class RoundTrip
{
    public static async Task RunAsync()
    {
        await using var pair = await LoopbackPair.StartAsync();
        var echo = new Direct("echo", new byte[100]);
        for (var i = 0; i < 2_000; i++)
        {
            await pair.RoundTripAsync(echo);
        }

        var samples = new double[20_000];
        for (var i = 0; i < samples.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await pair.RoundTripAsync(echo);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        Array.Sort(samples);
        double Percentile(double p) => samples[(int)Math.Min(samples.Length - 1, Math.Ceiling(p * samples.Length) - 1)];
        Console.WriteLine($"round trips: {samples.Length} after 2000 warm-up, 100-byte payload, TLS 1.3 on loopback");
        Console.WriteLine($"p50 {Percentile(0.50):F1} us, p90 {Percentile(0.90):F1} us, p99 {Percentile(0.99):F1} us, p99.9 {Percentile(0.999):F1} us, max {samples[^1]:F1} us");
    }
}
