using Icn.Node.Configuration;
using Icn.Observability.Health;
using Icn.Observability.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Icn.Node.Http;

/// <summary>Serves /metrics, /healthz, /readyz and the status page (/ and /status.json) on <c>metrics.addr</c>.</summary>
internal sealed partial class ObservabilityServer(
    ObservabilityOptions options, MetricRegistry registry, NodeHealth health, StatusPage.StatusPage statusPage, ILoggerFactory loggerFactory)
    : InnerWebServer(HttpPort.Metrics, registry, loggerFactory)
{
    private readonly ILogger _log = loggerFactory.CreateLogger<ObservabilityServer>();
    private readonly MetricRegistry _registry = registry;

    protected override ListenAddress? Address => options.MetricsAddress;

    protected override (string Endpoint, string Key) Describe => ("metrics endpoint", "metrics.addr");

    protected override void Map(WebApplication app)
    {
        ObservabilityEndpoints.Map(app, _registry, health);
        statusPage.Map(app);
    }

    protected override void OnListening(Uri address) => LogListening(_log, address);

    protected override void OnCannotListen(string address, string reason) => LogCannotListen(_log, address, reason);

    protected override void OnDisabled() => LogDisabled(_log);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "metrics, health and status on {Address} (/metrics, /healthz, /readyz, status page at /)")]
    private static partial void LogListening(ILogger logger, Uri address);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "metrics endpoint cannot listen on {Address}: {Reason}; the node keeps running without it (set metrics.addr or --metrics-addr)")]
    private static partial void LogCannotListen(ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "metrics endpoint switched off (metrics.addr = none)")]
    private static partial void LogDisabled(ILogger logger);
}
