using Icn.Node.Components;
using Icn.Node.Configuration;
using Icn.Node.Http;
using Icn.Node.Logging;
using Icn.Node.Metrics;
using Icn.Node.Rpc;
using Icn.Node.Supervision;
using Icn.Observability.Health;
using Icn.Observability.Registry;
using Icn.Observability.Tracing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Icn.Node.Startup;

/// <summary>Composes the node: one registration per module on the .NET generic host.</summary>
public static class NodeHostFactory
{
    public static IHost Build(NodeOptions options, NodeIdentity identity, TimeProvider time)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "icnd" });
        builder.Services.AddLogging(logging => NodeLogging.Configure(logging, options.Log));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.Services.AddSingleton<IHostLifetime, SignalLifetime>();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(identity);
        builder.Services.AddSingleton(time);
        builder.Services.AddIcnObservability(options.Observability);
        builder.Services.AddIcnTelemetry(options.Observability, identity);
        builder.Services.AddIcnNetwork();
        builder.Services.AddIcnGossip();
        builder.Services.AddIcnLedger();
        builder.Services.AddIcnTrust();
        builder.Services.AddIcnRpc();
        return builder.Build();
    }

    /// <summary>Metrics registry, health model, gauge refresher and the observability port.</summary>
    public static IServiceCollection AddIcnObservability(this IServiceCollection services, ObservabilityOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(_ => NodeCatalogue.CreateRegistry(BuildInfo.FromAssembly(typeof(NodeHostFactory).Assembly)));
        services.AddMetrics();
        services.AddSingleton<MeterBridge>();
        services.AddHostedService<MeterPublication>();
        services.AddSingleton<NodeHealth>();
        services.AddSingleton<GaugeRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<GaugeRefresher>());
        services.AddSingleton<Http.StatusPage.StatusHistory>();
        services.AddHostedService(sp => sp.GetRequiredService<Http.StatusPage.StatusHistory>());
        services.AddSingleton<Http.StatusPage.StatusReport>();
        services.AddSingleton<Http.StatusPage.StatusPage>();
        services.AddSingleton<ObservabilityServer>();
        services.AddHostedService(sp => sp.GetRequiredService<ObservabilityServer>());
        services.AddHostedService<ReadinessTracker>();
        services.AddSingleton<StorageGuard>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageGuard>());
        return services;
    }

    /// <summary>
    /// OTLP export of the node's spans (<see cref="NodeTracing"/>) and metrics (<see cref="MeterBridge"/>)
    /// to <c>telemetry.otlp_endpoint</c>; nothing at all when it is not set (the default).
    /// </summary>
    public static IServiceCollection AddIcnTelemetry(this IServiceCollection services, ObservabilityOptions options, NodeIdentity identity)
    {
        if (options.OtlpEndpoint is not { } endpoint)
        {
            return services;
        }

        var instance = identity.Did?.ToString() ?? Environment.MachineName;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("icnd", serviceVersion: BuildInfo.FromAssembly(typeof(NodeHostFactory).Assembly).Version, serviceInstanceId: instance))
            .WithTracing(tracing => tracing.AddSource(NodeTracing.SourceName)
                .AddOtlpExporter(otlp => Otlp(otlp, endpoint, "v1/traces")))
            .WithMetrics(metrics => metrics.AddMeter(MeterBridge.MeterName)
                .AddOtlpExporter((otlp, reader) =>
                {
                    Otlp(otlp, endpoint, "v1/metrics");
                    // As often as gauges are refreshed (metrics.refresh_seconds); the host reads no OTEL_* variables.
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.GaugeRefreshInterval.TotalMilliseconds;
                }));
        return services;
    }

    private static void Otlp(OpenTelemetry.Exporter.OtlpExporterOptions otlp, Uri endpoint, string signal)
    {
        otlp.Protocol = OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf;
        otlp.Endpoint = new Uri(endpoint, signal);
    }

    /// <summary>The peer network; a no-op without an identity.</summary>
    public static IServiceCollection AddIcnNetwork(this IServiceCollection services)
    {
        services.AddSingleton<NetworkComponent>();
        services.AddHostedService(sp => sp.GetRequiredService<NetworkComponent>());
        return services;
    }

    /// <summary>The gossip engine over the peer network; a no-op without an identity.</summary>
    public static IServiceCollection AddIcnGossip(this IServiceCollection services)
    {
        services.AddSingleton<GossipComponent>();
        return services;
    }

    /// <summary>The ledger, wired to gossip; attached after gossip, so it finds the engine running.</summary>
    public static IServiceCollection AddIcnLedger(this IServiceCollection services)
    {
        services.AddSingleton<LedgerComponent>();
        services.AddSingleton<IGossipHost>(sp => sp.GetRequiredService<GossipComponent>());
        return services;
    }

    /// <summary>The trust graph: opened before the network, attached to gossip after it; a no-op without an identity.</summary>
    public static IServiceCollection AddIcnTrust(this IServiceCollection services)
    {
        services.AddSingleton<TrustComponent>();
        return services;
    }

    /// <summary>JSON-RPC for local control; answers "not running" for components a system-only node lacks.</summary>
    public static IServiceCollection AddIcnRpc(this IServiceCollection services)
    {
        services.AddSingleton<RpcDispatcher>();
        services.AddSingleton<RpcServer>();
        services.AddHostedService(sp => sp.GetRequiredService<RpcServer>());
        return services;
    }
}
