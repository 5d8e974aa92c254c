using System.Diagnostics;
using System.Globalization;
using System.Net;
using Icn.Identity.Keys;
using Icn.Network;
using Icn.Network.Transport;
using Icn.Observability.Registry;
using Microsoft.Extensions.Logging.Abstractions;

namespace Icn.Benchmarks.Network;

/// <summary>
/// What one mutual TLS handshake with its identity binding costs: N dials, one after another, between two
/// transports in this process on loopback; the CPU figure is both sides' together.
/// </summary>
internal static class HandshakeReport
{
    public static async Task RunAsync(int count)
    {
        var options = new NetworkOptions { ListenAddress = new IPEndPoint(IPAddress.Loopback, 0), HandshakesPerSecond = 1e6, MaxPendingHandshakes = 64 };
        await using var server = new TlsTcpTransport(IdentityKeyPair.Generate(), options, new NetworkMetrics(new MetricRegistry()), TimeProvider.System, NullLogger.Instance);
        await using var client = new TlsTcpTransport(IdentityKeyPair.Generate(), options, new NetworkMetrics(new MetricRegistry()), TimeProvider.System, NullLogger.Instance);
        var endPoint = await server.ListenAsync(options.ListenAddress, connection => connection.DisposeAsync().AsTask(), CancellationToken.None);
        for (var i = 0; i < 50; i++)
        {
            await (await client.DialAsync(endPoint, null, CancellationToken.None)).DisposeAsync(); // warm-up: JIT and caches
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await (await client.DialAsync(endPoint, null, CancellationToken.None)).DisposeAsync();
        }

        var spent = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} handshakes: {wall.Elapsed.TotalMilliseconds / count:0.00} ms each (wall), {spent.TotalMilliseconds / count:0.00} ms of CPU each, both sides"));
    }
}
