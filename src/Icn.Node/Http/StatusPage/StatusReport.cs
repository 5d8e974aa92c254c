using System.Buffers;
using System.Text.Json;
using Icn.Node.Components;
using Icn.Node.Configuration;
using Icn.Node.Rpc;
using Icn.Node.Startup;
using Icn.Node.Supervision;
using Icn.Observability.Health;
using Icn.Observability.Registry;
using Icn.Rpc;

namespace Icn.Node.Http.StatusPage;

/// <summary>
/// <c>/status.json</c>: identity, readiness, uptime, warnings, peers (as <c>network.peers</c> gives them), topics (as
/// <c>gossip.topics</c>), currencies with this node's balance in each, and the ledger in numbers.
/// </summary>
internal sealed class StatusReport(NodeIdentity identity, NodeHealth health, GaugeRefresher refresher, NodeOptions options, StatusHistory history,
    NetworkComponent network, GossipComponent gossip, LedgerComponent ledger)
{
    private static readonly string s_version = BuildInfo.FromAssembly(typeof(StatusReport).Assembly).Version;

    public ReadOnlyMemory<byte> Json()
    {
        var report = health.Report();
        var net = network.Network;
        var peers = net is null ? [] : NodeViews.Peers(net, gossip.Engine);
        var body = new ArrayBufferWriter<byte>(4096);
        using var json = new Utf8JsonWriter(body);
        json.WriteStartObject();
        json.WriteString("did", identity.Did?.ToString());
        json.WriteString("version", s_version);
        json.WriteNumber("uptime_seconds", Math.Round(refresher.Uptime.TotalSeconds, 1));
        json.WriteBoolean("ready", report.Ready);
        ObservabilityEndpoints.WriteObject(json, "components", report.Components);
        json.WritePropertyName("warnings");
        JsonSerializer.Serialize(json, StatusWarnings.Of(report, identity.IsPresent, net, options, peers, history), StatusJson.Default.ListStatusWarning);
        json.WritePropertyName("peers");
        JsonSerializer.Serialize(json, peers, RpcJson.Default.PeerLinkViewArray);
        json.WritePropertyName("topics");
        JsonSerializer.Serialize(json, gossip.Engine?.Topics().Select(NodeViews.Topic).ToArray() ?? [], RpcJson.Default.TopicViewArray);
        WriteLedger(json);
        json.WriteEndObject();
        json.Flush();
        return body.WrittenMemory;
    }

    private void WriteLedger(Utf8JsonWriter json)
    {
        json.WritePropertyName("ledger");
        if (ledger.Ledger is not { } books)
        {
            json.WriteNullValue();
            json.WriteStartArray("currencies");
            json.WriteEndArray();
            return;
        }

        JsonSerializer.Serialize(json, ledger.Summary(), RpcJson.Default.LedgerSummary);
        var state = books.State;
        json.WriteStartArray("currencies");
        foreach (var currency in state.Currencies.Values.OrderBy(c => c.Symbol, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("symbol", currency.Symbol);
            json.WriteNumber("decimals", currency.Decimals);
            json.WriteString("description", currency.Description);
            json.WriteNumber("accounts", state.Balances.Keys.Count(k => k.Currency == currency.Symbol));
            if (identity.Did is { } self)
            {
                json.WriteNumber("balance", state.Balance(currency.Symbol, self));
                json.WriteNumber("credit_limit", state.CreditLimit(currency.Symbol, self));
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower)]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<StatusWarning>))]
internal sealed partial class StatusJson : System.Text.Json.Serialization.JsonSerializerContext;
