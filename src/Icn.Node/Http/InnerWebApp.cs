using Icn.Node.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Icn.Node.Http;

/// <summary>
/// A small Kestrel application inside the node, for one port (observability, RPC). Each port is its
/// own application so that a taken port costs that endpoint, never the node.
/// </summary>
internal static class InnerWebApp
{
    /// <summary>
    /// Starts an application on <paramref name="address"/>; returns null with the reason when the port cannot
    /// be bound, and null without one when the node was asked to stop meanwhile.
    /// </summary>
    public static async Task<(WebApplication? App, string? Failure)> StartAsync(ListenAddress address, ILoggerFactory loggers,
        Action<KestrelServerOptions> configure, Action<WebApplication> map, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton<IHostLifetime, OuterHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            configure(kestrel);
            kestrel.Listen(address.EndPoint);
        });
        var app = builder.Build();
        map(app);
        try
        {
            await app.StartAsync(cancellationToken);
            return (app, null);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            return (null, e.InnerException?.Message ?? e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Asked to stop while starting: not a failure, the node is on its way out.
            await app.DisposeAsync();
            return (null, null);
        }
    }

    /// <summary>The node's own host owns signals and shutdown; the inner application must not.</summary>
    private sealed class OuterHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
