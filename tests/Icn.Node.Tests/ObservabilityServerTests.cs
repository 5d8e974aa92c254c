using System.Net;
using System.Net.Sockets;
using Icn.Node.Configuration;
using Icn.Node.Http;
using Icn.Observability.Health;
using Icn.Observability.Registry;
using Icn.TestKit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Icn.Node.Tests;

public class ObservabilityServerTests
{
    private readonly MetricRegistry _registry = MetricRegistry.ForNode(new BuildInfo("0.0.0", "test"));
    private readonly NodeHealth _health = new();

    [Fact]
    public async Task Readyz_is_503_until_started_and_every_component_runs_then_200()
    {
        var port = FreePort.Next();
        await using var server = new ObservabilityServer(Options(port), _registry, _health, NullLoggerFactory.Instance);
        await server.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        _health.Register("network");

        using (var before = await http.GetAsync("readyz", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
            Assert.Equal("""{"ready":false,"started":false,"components":{"network":"starting"}}""", await before.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        _health.MarkHostStarted();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("readyz", TestContext.Current.CancellationToken)).StatusCode);
        _health.Set("network", ComponentState.Running);

        using var after = await http.GetAsync("readyz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("""{"ready":true,"started":true,"components":{"network":"running"}}""", await after.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("nothing-here", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Taken_port_is_a_warning_not_a_failure()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var logs = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        await using var server = new ObservabilityServer(Options(port), _registry, _health, factory);

        await server.StartAsync(TestContext.Current.CancellationToken);

        Assert.Null(server.BoundAddress);
        var warning = Assert.Single(logs.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains($"127.0.0.1:{port}", warning.Text, StringComparison.Ordinal);
        Assert.Contains("keeps running", warning.Text, StringComparison.Ordinal);
    }

    private static ObservabilityOptions Options(int port) => new() { MetricsAddress = ListenAddress.Parse($"127.0.0.1:{port}") };

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public List<(LogLevel Level, string Text)> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName) => new ListLogger(this);

        public void Dispose()
        {
        }

        private sealed class ListLogger(ListLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Lines)
                {
                    owner.Lines.Add((logLevel, formatter(state, exception)));
                }
            }
        }
    }
}
