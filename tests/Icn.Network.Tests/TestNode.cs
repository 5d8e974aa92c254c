using System.Collections.Concurrent;
using System.Net;
using Icn.Core.Identity;
using Icn.Identity.Keys;
using Icn.Observability.Exposition;
using Icn.Observability.Registry;
using Icn.Protocol.Framing;
using Icn.Protocol.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Icn.Network.Tests;

/// <summary>A real PeerNetwork on 127.0.0.1 with its own identity and registry, recording what it receives.</summary>
internal sealed class TestNode : IPeerHandler, IAsyncDisposable
{
    private TestNode(IdentityKeyPair identity, NetworkOptions options, TimeProvider time, ILoggerFactory loggers, Trust.ITrustPolicy? trust)
    {
        Identity = identity;
        Registry = new Icn.Observability.Registry.MetricRegistry();
        Network = new PeerNetwork(identity, options, Registry, time, loggers, jitterSeed: 7, trust: trust);
        Network.Use(this);
    }

    public IdentityKeyPair Identity { get; }

    public Did Did => Identity.Did;

    public MetricRegistry Registry { get; }

    public PeerNetwork Network { get; }

    public ConcurrentQueue<(Did From, Message Message)> Received { get; } = new();

    public IPEndPoint EndPoint => Network.ListenEndPoint!;

    public PeerAddress Address => PeerAddress.Of(Did, EndPoint);

    /// <summary>Options for tests: loopback, an ephemeral port, and no keep-alive traffic to disturb counts.</summary>
    public static NetworkOptions Options(Func<NetworkOptions, NetworkOptions>? adjust = null)
    {
        var options = new NetworkOptions
        {
            ListenAddress = new IPEndPoint(IPAddress.Loopback, 0),
            KeepAliveInterval = TimeSpan.FromHours(1),
            IdleTimeout = TimeSpan.FromHours(2),
            ReconnectBaseDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(400),
            Discovery = new Discovery.DiscoveryOptions { Enabled = false },
        };
        return adjust is null ? options : adjust(options);
    }

    public static async Task<TestNode> StartAsync(NetworkOptions? options = null, IdentityKeyPair? identity = null, TimeProvider? time = null, ILoggerFactory? loggers = null,
        Trust.ITrustPolicy? trust = null)
    {
        var node = new TestNode(identity ?? IdentityKeyPair.Generate(), options ?? Options(), time ?? TimeProvider.System, loggers ?? NullLoggerFactory.Instance, trust);
        await node.Network.StartAsync(CancellationToken.None);
        return node;
    }

    /// <summary>
    /// Each side of a session opens with a Ping and answers the other's with a Pong: two messages each way, counted like any other.
    /// </summary>
    public const int OpeningMessages = 2;

    /// <summary>The wire bytes of that opening, each way.</summary>
    public static long OpeningBytes { get; } =
        (2 * Frames.HeaderLength) + new Envelope(new Ping(1)).ToBytes().Length + new Envelope(new Pong(1, 0)).ToBytes().Length;

    public Task WaitForPeersAsync(int count) =>
        Poll.UntilAsync(() => Network.ConnectedPeers.Count == count, $"{count} peers on {Did}");

    /// <summary>Waits for <paramref name="count"/> sessions, each with its opening Ping answered, so later counts are exact.</summary>
    public Task WaitForMeasuredPeersAsync(int count) =>
        Poll.UntilAsync(() => Network.ConnectedPeers.Count == count && Network.Links.All(l => l.RoundTrip is not null), $"{count} measured peers on {Did}");

    public Task WaitForReceivedAsync(int count) =>
        Poll.UntilAsync(() => Received.Count(r => r.Message is Direct) >= count, $"{count} messages on {Did}");

    /// <summary>Scrapes the node's registry through the real exposition writer.</summary>
    public Scrape Scrape() => TestKit.Scrape.Parse(System.Text.Encoding.UTF8.GetString(ExpositionWriter.Render(Registry, ExpositionFormat.PrometheusText)));

    public double Refused(string reason) => Scrape()[$"{NetworkCatalogue.SessionsRefused.Name}{{reason=\"{reason}\"}}"];

    public double Errors(string kind) => Scrape()[$"{Icn.Network.NetworkCatalogue.Errors.Name}{{kind=\"{kind}\"}}"];

    public void PeerConnected(Did peer)
    {
    }

    public void PeerDisconnected(Did peer)
    {
    }

    public ValueTask ReceiveAsync(Did peer, Envelope envelope)
    {
        Received.Enqueue((peer, envelope.Message));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Network.DisposeAsync();
    }
}
