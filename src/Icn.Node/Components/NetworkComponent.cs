using Icn.Network;
using Icn.Node.Configuration;
using Icn.Node.Startup;
using Icn.Observability.Health;
using Icn.Observability.Registry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Icn.Node.Components;

/// <summary>
/// Runs the peer network when the node has an identity; without one it does nothing and registers
/// nothing, so a system-only node reports zero components. The trust graph opens first, so that the first
/// peer is classed; the components that ride on the network are attached in this order before it opens
/// (gossip, whose engine the others need, then trust, then the ledger) and detached in reverse before it closes.
/// </summary>
internal sealed partial class NetworkComponent(
    NodeIdentity identity, NodeOptions options, MetricRegistry registry, NodeHealth health, TimeProvider time,
    TrustComponent trust, GossipComponent gossip, LedgerComponent ledger, ILoggerFactory loggers, ILogger<NetworkComponent> log) : IHostedService, IAsyncDisposable
{
    public const string Name = "network";

    private readonly INetworkAttachment[] _attachments = [gossip, trust, ledger];

    /// <summary>The running network, once started (null in system-only mode or before start).</summary>
    public PeerNetwork? Network { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (identity.Key is not { } key)
        {
            return;
        }

        health.Register(Name);
        trust.Open();
        var network = new PeerNetwork(key, options.Network, registry, time, loggers, trust: trust.Policy);
        foreach (var attachment in _attachments)
        {
            await attachment.AttachAsync(network);
        }

        try
        {
            await network.StartAsync(cancellationToken);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            await DetachAsync(network);
            await network.DisposeAsync();
            health.Set(Name, ComponentState.Failed);
            if (options.ListenConfigured)
            {
                // The operator chose this address: a node that cannot be reached where it was told to listen must not run.
                throw new IOException($"peer network cannot listen on {options.Network.ListenAddress}: {e.Message} (network.listen is set to it; choose a free port)", e);
            }

            LogCannotListen(log, options.Network.ListenAddress.ToString(), e.Message);
            return;
        }

        Network = network;
        health.Set(Name, ComponentState.Running);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Network is { } network)
        {
            Network = null;
            await DetachAsync(network);
            await network.DisposeAsync();
            health.Set(Name, ComponentState.Stopped);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private async Task DetachAsync(PeerNetwork network)
    {
        foreach (var attachment in _attachments.Reverse())
        {
            await attachment.DetachAsync(network);
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Error, Message = "peer network cannot listen on {Address}: {Reason}; the node is not ready (set network.listen or --listen)")]
    private static partial void LogCannotListen(ILogger logger, string address, string reason);
}
