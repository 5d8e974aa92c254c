using Icn.Node.Configuration;
using Icn.Observability.Registry;
using Icn.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Icn.Node.Http;

/// <summary>
/// A small Kestrel application inside the node, for one port (observability, RPC). Each port is its
/// own application so that a taken default port costs that endpoint and a warning, never the node
/// (a port the operator chose and cannot have stops it: see <see cref="ListenAddress.Configured"/>).
/// </summary>
internal abstract class InnerWebServer(HttpPort port, MetricRegistry registry, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly HttpPortMetrics _metrics = new(registry, port);
    private WebApplication? _app;

    /// <summary>
    /// The address actually bound (port 0 resolved), as a client on this host dials it: a port bound on every interface
    /// (0.0.0.0, ::) is reached on loopback. Null when not serving.
    /// </summary>
    public Uri? BoundAddress { get; private set; }

    /// <summary>Where to listen, or null when switched off.</summary>
    protected abstract ListenAddress? Address { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Address is not { } address)
        {
            OnDisabled();
            return;
        }

        try
        {
            Prepare();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CannotListen(address, e.Message);
            return;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton<IHostLifetime, OuterHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            Bound(kestrel.Limits);
            ConfigureKestrel(kestrel);
            kestrel.Listen(address.EndPoint);
        });
        // Registered last, so Kestrel binds through it: the cap is kept at the socket (see ConnectionGate).
        builder.Services.AddSingleton<IConnectionListenerFactory>(services => new ConnectionGate(
            new SocketTransportFactory(services.GetRequiredService<IOptions<SocketTransportOptions>>(), loggers),
            MaxConnections, _metrics, loggers.CreateLogger<ConnectionGate>()));
        var app = builder.Build();
        Map(app);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            CannotListen(address, e.InnerException?.Message ?? e.Message);
            return;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Asked to stop while starting: not a failure, the node is on its way out.
            await app.DisposeAsync();
            return;
        }

        _app = app;
        var bound = new Uri(app.Urls.First());
        BoundAddress = Dialable(bound);
        OnListening(bound);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            OnStopping();
            await _app.StopAsync(cancellationToken);
        }
    }

    /// <summary>Runs as the port closes (the RPC server removes its endpoint file).</summary>
    protected virtual void OnStopping()
    {
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Connections this port holds at once; beyond them new ones are closed at once (<see cref="ConnectionGate"/>).
    /// Both ports' connections are within the descriptors the session budget leaves to the process
    /// (<see cref="Network.Sessions.SessionBudget.ReservedDescriptors"/>).
    /// </summary>
    public const int MaxConnections = 128;

    /// <summary>
    /// Bounds on what clients can hold (connections are capped by <see cref="ConnectionGate"/>): idle time before and between requests (a connection that
    /// sends nothing is closed after it), time to send the headers, and a minimum body rate, so that idle or
    /// trickling clients can never exhaust descriptors or memory, and hold a slot for 5 s at most.
    /// </summary>
    private static void Bound(KestrelServerLimits limits)
    {
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(5);
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(5);
        limits.MaxRequestHeadersTotalSize = 16 * 1024;
        limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(5));
    }

    /// <summary>Runs before the port opens (the RPC server writes its cookie here).</summary>
    protected virtual void Prepare()
    {
    }

    protected virtual void ConfigureKestrel(KestrelServerOptions kestrel)
    {
    }

    protected abstract void Map(WebApplication app);

    protected abstract void OnListening(Uri address);

    internal static Uri Dialable(Uri bound) =>
        DialableHost.Of(bound.Host) is var host && host != bound.Host ? new UriBuilder(bound) { Host = host }.Uri : bound;

    protected abstract void OnCannotListen(string address, string reason);

    /// <summary>What this port serves and the key that sets it, for the line that stops the node.</summary>
    protected abstract (string Endpoint, string Key) Describe { get; }

    /// <summary>A default that cannot be bound costs this endpoint and a warning; an address the operator chose stops the node.</summary>
    private void CannotListen(ListenAddress address, string reason)
    {
        if (address.Configured)
        {
            throw new IOException($"{Describe.Endpoint} cannot listen on {address}: {reason} ({Describe.Key} is set to it; choose a free port, or \"none\")");
        }

        OnCannotListen(address.ToString(), reason);
    }

    protected abstract void OnDisabled();

    /// <summary>The node's own host owns signals and shutdown; the inner application must not.</summary>
    private sealed class OuterHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
