using Icn.Node.Startup;
using Icn.Observability.Health;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Icn.Node.Supervision;

/// <summary>Marks the node started once the host has started every service, and says so in the log.</summary>
internal sealed partial class ReadinessTracker(
    NodeHealth health, NodeIdentity identity, IHostApplicationLifetime lifetime, ILogger<ReadinessTracker> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            health.MarkHostStarted();
            if (identity.Did is { } did)
            {
                LogStarted(log, did.ToString(), health.ActiveCount);
            }
            else
            {
                LogStartedSystemOnly(log);
            }
        });
        lifetime.ApplicationStopping.Register(() => LogStopping(log));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "icnd started as {Did} with {Components} components running")]
    private static partial void LogStarted(ILogger logger, string did, int components);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "icnd started system-only (no identity): serving system metrics")]
    private static partial void LogStartedSystemOnly(ILogger logger);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "icnd stopping")]
    private static partial void LogStopping(ILogger logger);
}
