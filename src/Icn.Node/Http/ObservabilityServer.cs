using Icn.Node.Configuration;
using Icn.Observability.Health;
using Icn.Observability.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Icn.Node.Http;

/// <summary>
/// Serves the observability port in its own small Kestrel application, so that a taken port costs
/// the operator a warning and the endpoint, never the node.
/// </summary>
internal sealed partial class ObservabilityServer(
    ObservabilityOptions options, MetricRegistry registry, NodeHealth health, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _log = loggerFactory.CreateLogger<ObservabilityServer>();
    private WebApplication? _app;

    /// <summary>The address actually bound (port 0 resolved), or null when not serving.</summary>
    public Uri? BoundAddress { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.MetricsAddress is not { } address)
        {
            LogDisabled(_log);
            return;
        }

        var (app, failure) = await InnerWebApp.StartAsync(address, loggerFactory, _ => { }, app => ObservabilityEndpoints.Map(app, registry, health), cancellationToken);
        if (app is null)
        {
            if (failure is not null)
            {
                LogCannotListen(_log, address.ToString(), failure);
            }

            return;
        }

        _app = app;
        BoundAddress = new Uri(app.Urls.First());
        LogListening(_log, BoundAddress);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "metrics, health and status on {Address} (/metrics, /healthz, /readyz)")]
    private static partial void LogListening(ILogger logger, Uri address);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "metrics endpoint cannot listen on {Address}: {Reason}; the node keeps running without it (set metrics.addr or --metrics-addr)")]
    private static partial void LogCannotListen(ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "metrics endpoint switched off (metrics.addr = none)")]
    private static partial void LogDisabled(ILogger logger);
}
