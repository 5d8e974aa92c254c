using Icn.Observability.Registry;
using Microsoft.Extensions.Hosting;

namespace Icn.Node.Supervision;

/// <summary>Creates the node's <see cref="MeterBridge"/> when the host starts, so OpenTelemetry can read the registry.</summary>
internal sealed class MeterPublication(MeterBridge bridge) : IHostedService
{
    public MeterBridge Bridge { get; } = bridge;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
