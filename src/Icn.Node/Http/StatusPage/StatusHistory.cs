using System.Buffers;
using System.Text.Json;
using Icn.Gossip;
using Icn.Ledger;
using Icn.Network;
using Icn.Node.Metrics;
using Icn.Observability.Catalogue;
using Icn.Observability.Registry;
using Microsoft.Extensions.Hosting;

namespace Icn.Node.Http.StatusPage;

/// <summary>
/// The last 30 minutes of the key series, one point every <see cref="Interval"/>, kept by the node so that the status
/// page draws them at once and a reload keeps them. A fixed ring: <see cref="Capacity"/> points of
/// <see cref="Series"/>, about 30 KiB whatever the traffic. Counters are kept as totals; the page draws their rates.
/// </summary>
internal sealed class StatusHistory : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    public const int Capacity = 360; // 30 minutes

    /// <summary>What is kept, in the order of each point's values.</summary>
    public static IReadOnlyList<MetricDefinition> Series { get; } =
    [
        NetworkCatalogue.MessagesSent, NetworkCatalogue.MessagesReceived, NetworkCatalogue.BytesSent, NetworkCatalogue.BytesReceived,
        GossipCatalogue.EntriesPublished, GossipCatalogue.EntriesReceived, LedgerCatalogue.Transactions, LedgerCatalogue.Rejected,
        NetworkCatalogue.ConnectionsActive, ProcessCatalogue.ResidentMemory,
        NetworkCatalogue.SessionsRefused, NetworkCatalogue.MessagesDropped, HttpCatalogue.ConnectionsRefused, GossipCatalogue.MissingEntriesUntracked,
    ];

    private readonly MetricRegistry _registry;
    private readonly TimeProvider _time;
    private readonly long[] _at = new long[Capacity];
    private readonly double[][] _values = [.. Enumerable.Range(0, Capacity).Select(_ => new double[Series.Count])];
    private readonly Lock _gate = new();
    private int _next;
    private int _count;

    public StatusHistory(MetricRegistry registry, TimeProvider time)
    {
        _registry = registry;
        _time = time;
        Sample();
    }

    /// <summary>Takes one point now (the oldest is overwritten once the ring is full).</summary>
    public void Sample()
    {
        _registry.Collect();
        lock (_gate)
        {
            _at[_next] = _time.GetUtcNow().ToUnixTimeMilliseconds();
            for (var i = 0; i < Series.Count; i++)
            {
                _values[_next][i] = _registry.Total(Series[i]);
            }

            _next = (_next + 1) % Capacity;
            _count = Math.Min(_count + 1, Capacity);
        }
    }

    /// <summary>How much a kept series grew over the last <paramref name="window"/> (0 with fewer than two points in it).</summary>
    public double Increase(MetricDefinition definition, TimeSpan window)
    {
        var column = IndexOf(definition);
        lock (_gate)
        {
            var newest = (_next - 1 + Capacity) % Capacity;
            var since = _at[newest] - (long)window.TotalMilliseconds;
            var oldest = newest;
            for (var k = 1; k < _count && _at[(newest - k + Capacity) % Capacity] >= since; k++)
            {
                oldest = (newest - k + Capacity) % Capacity;
            }

            return Math.Max(0, _values[newest][column] - _values[oldest][column]);
        }
    }

    /// <summary><c>{"interval_seconds":5,"series":[names],"points":[[unix ms, v1, v2, ...], ...]}</c>, oldest first.</summary>
    public ReadOnlyMemory<byte> Json()
    {
        var body = new ArrayBufferWriter<byte>(16 * 1024);
        using var json = new Utf8JsonWriter(body);
        json.WriteStartObject();
        json.WriteNumber("interval_seconds", Interval.TotalSeconds);
        json.WriteStartArray("series");
        foreach (var definition in Series)
        {
            json.WriteStringValue(definition.Name);
        }

        json.WriteEndArray();
        json.WriteStartArray("points");
        lock (_gate)
        {
            for (var k = _count; k > 0; k--)
            {
                var slot = (_next - k + Capacity) % Capacity;
                json.WriteStartArray();
                json.WriteNumberValue(_at[slot]);
                foreach (var value in _values[slot])
                {
                    json.WriteNumberValue(value);
                }

                json.WriteEndArray();
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        return body.WrittenMemory;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Sample();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static int IndexOf(MetricDefinition definition)
    {
        for (var i = 0; i < Series.Count; i++)
        {
            if (Series[i].Name == definition.Name)
            {
                return i;
            }
        }

        throw new ArgumentException($"{definition.Name} is not kept in the status history", nameof(definition));
    }
}
