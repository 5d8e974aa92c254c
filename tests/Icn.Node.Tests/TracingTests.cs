using System.Diagnostics;
using System.Net;
using Icn.Identity.Keys;
using Icn.Network;
using Icn.Network.Discovery;
using Icn.Node.Components;
using Icn.Node.Configuration;
using Icn.Node.Logging;
using Icn.Node.Startup;
using Icn.Observability.Tracing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Icn.Node.Tests;

/// <summary>Two whole nodes in one process (real TLS on loopback), their spans caught by an in-memory exporter.</summary>
public sealed class TracingTests : IAsyncLifetime
{
    private const string Topic = "trace:news";
    private readonly TempDirectory _dir = new();
    private readonly List<Activity> _spans = [];
    private readonly IdentityKeyPair _keyA = IdentityKeyPair.Generate();
    private readonly IdentityKeyPair _keyB = IdentityKeyPair.Generate();
    private TracerProvider? _tracer;
    private IHost? _a;
    private IHost? _b;

    public async ValueTask InitializeAsync()
    {
        _tracer = Sdk.CreateTracerProviderBuilder().AddSource(NodeTracing.SourceName).AddInMemoryExporter(_spans).Build();
        var portA = FreePort.Next();
        _a = await StartAsync("a", _keyA, portA, []);
        _b = await StartAsync("b", _keyB, FreePort.Next(), [new PeerAddress(_keyA.Did, "127.0.0.1", portA)]);
        await Poll.UntilAsync(() => Task.FromResult(Network(_a!).ConnectedPeers.Count == 1 && Network(_b!).ConnectedPeers.Count == 1
            && Engine(_a!).Topics().Single(t => t.Definition.Name == Topic).PeerSubscribers == 1 ? "" : null), "A and B connected and subscribed");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in new[] { _b, _a })
        {
            if (host is not null)
            {
                await host.StopAsync(TestContext.Current.CancellationToken);
                host.Dispose();
            }
        }

        _tracer?.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task An_entry_published_on_A_yields_one_trace_whose_spans_cover_both_nodes()
    {
        var entry = Engine(_a!).Publish(Topic, "traced"u8);
        await Poll.UntilAsync(() => Task.FromResult(Engine(_b!).Holds(Topic, entry.Id) ? "" : null), "the entry stored on B");
        _tracer!.ForceFlush();

        var publish = _spans.Single(s => s.DisplayName == NodeTracing.Publish && (string?)s.GetTagItem("icn.entry") == entry.Id.ToString());
        var trace = _spans.Where(s => s.TraceId == publish.TraceId).ToList();
        var (a, b) = (_keyA.Did.ToString(), _keyB.Did.ToString());

        Assert.Equal(a, publish.GetTagItem(NodeTracing.NodeTag));
        var send = trace.First(s => s.DisplayName == NodeTracing.Send && s.ParentSpanId == publish.SpanId);
        Assert.Equal((a, ActivityKind.Producer), (send.GetTagItem(NodeTracing.NodeTag), send.Kind));
        var receive = trace.First(s => s.DisplayName == NodeTracing.Receive && s.ParentSpanId == send.SpanId);
        Assert.Equal((b, ActivityKind.Consumer), (receive.GetTagItem(NodeTracing.NodeTag), receive.Kind));
        Assert.Contains(receive.Links, link => link.Context.SpanId == send.SpanId);
        var store = trace.Single(s => s.DisplayName == NodeTracing.Store);
        Assert.Equal((b, receive.SpanId), (store.GetTagItem(NodeTracing.NodeTag), store.ParentSpanId));
    }

    [Fact]
    public async Task A_payment_on_A_continues_its_trace_into_the_ledger_of_B()
    {
        await Ledger(_a!).CreateCurrencyAsync(_keyA, "TRACE", 0, "traced hours", 100);
        await Poll.UntilAsync(() => Task.FromResult(Ledger(_b!).State.Currencies.ContainsKey("TRACE") ? "" : null), "B to know TRACE");

        var paid = await Ledger(_a!).PayAsync(_keyA, _keyB.Did, "TRACE", 5, "traced");
        await Poll.UntilAsync(() => Task.FromResult(Ledger(_b!).History(_keyA.Did).Any(t => t.Id == paid.Id) ? "" : null), "B to apply the payment");
        _tracer!.ForceFlush();

        var pay = _spans.Last(s => s.DisplayName == NodeTracing.Pay);
        var b = _keyB.Did.ToString();
        var apply = Assert.Single(_spans, s => s.DisplayName == NodeTracing.Apply && s.TraceId == pay.TraceId && (string?)s.GetTagItem(NodeTracing.NodeTag) == b);
        var store = _spans.Single(s => s.SpanId == apply.ParentSpanId);
        Assert.Equal((NodeTracing.Store, b), (store.DisplayName, store.GetTagItem(NodeTracing.NodeTag)));
        Assert.Contains(apply.Links, link => link.Context.SpanId == store.SpanId);
    }

    [Fact]
    public void A_line_logged_inside_a_span_carries_its_trace_and_span_ids()
    {
        var captured = new ScopeCapture();
        using var services = new ServiceCollection()
            .AddLogging(logging =>
            {
                NodeLogging.Configure(logging, new LogOptions());
                logging.AddProvider(captured);
            })
            .BuildServiceProvider();
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("tracing");

        using (var span = NodeTracing.Start(NodeTracing.Pay, _keyA.Did.ToString()))
        {
            log.LogInformation("inside a span");
            Assert.Contains(captured.Scopes, scope => scope.Contains($"TraceId:{span!.TraceId}", StringComparison.Ordinal)
                && scope.Contains($"SpanId:{span.SpanId}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_malformed_or_missing_trace_context_is_ignored()
    {
        Assert.False(NodeTracing.TryParse(null, out _));
        Assert.False(NodeTracing.TryParse("00-not-a-trace"u8.ToArray(), out _));
        Assert.False(NodeTracing.TryParse(new byte[NodeTracing.TraceParentLength], out _));
        Assert.True(NodeTracing.TryParse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"u8.ToArray(), out var context));
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", context.TraceId.ToString());
    }

    private async Task<IHost> StartAsync(string name, IdentityKeyPair key, int port, IReadOnlyList<PeerAddress> bootstrap)
    {
        var data = Directory.CreateDirectory(_dir.File(name)).FullName;
        var options = new NodeOptions
        {
            DataDirectory = data,
            RpcAddress = null,
            Observability = new ObservabilityOptions { MetricsAddress = null },
            Network = new NetworkOptions
            {
                ListenAddress = new IPEndPoint(IPAddress.Loopback, port),
                BootstrapPeers = bootstrap,
                Discovery = new DiscoveryOptions { Enabled = false },
            },
            GossipTopics = [Topic],
        };
        var host = NodeHostFactory.Build(options, new NodeIdentity(key), TimeProvider.System);
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }

    private static PeerNetwork Network(IHost host) => host.Services.GetRequiredService<NetworkComponent>().Network!;

    private static Icn.Ledger.MutualCreditLedger Ledger(IHost host) => host.Services.GetRequiredService<LedgerComponent>().Ledger!;

    private static Gossip.Engine.GossipEngine Engine(IHost host) => host.Services.GetRequiredService<GossipComponent>().Engine!;

    /// <summary>Records the scopes (the node's trace and span ids among them) of every line logged.</summary>
    private sealed class ScopeCapture : ILoggerProvider, ISupportExternalScope, ILogger
    {
        private IExternalScopeProvider? _scopes;

        public List<string> Scopes { get; } = [];

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => _scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _scopes?.ForEachScope((scope, list) => list.Add(scope?.ToString() ?? ""), Scopes);

        public void Dispose()
        {
        }
    }
}
