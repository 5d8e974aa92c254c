using System.Text.Json;
using Icn.Node.Components;
using Icn.Node.Configuration;
using Icn.Node.Http;
using Icn.Node.Startup;
using Icn.Node.Supervision;
using Icn.Observability.Health;
using Icn.Observability.Registry;
using Icn.Rpc;

namespace Icn.Node.Rpc;

/// <summary>
/// Routes a JSON-RPC method to the component that answers it. Handlers throw <see cref="RpcException"/>
/// with a code and a message fit for the person at the other end.
/// </summary>
internal sealed partial class RpcDispatcher(
    NodeOptions options, NodeIdentity identity, NodeHealth health, GaugeRefresher refresher, ObservabilityServer observability,
    NetworkComponent network, GossipComponent gossip, LedgerComponent ledger, TrustComponent trust, StorageGuard storage)
{
    /// <summary>Methods that write to a store: refused while the node is read-only for lack of space.</summary>
    private static readonly HashSet<string> s_writes = new(StringComparer.Ordinal)
    {
        RpcMethods.CreateCurrency, RpcMethods.Pay, RpcMethods.CreditLimit, RpcMethods.CreateTopic, RpcMethods.Subscribe,
        RpcMethods.Unsubscribe, RpcMethods.Publish, RpcMethods.QuarantineDrop, RpcMethods.Repair, RpcMethods.TrustAdd, RpcMethods.TrustRemove,
    };

    /// <summary>Answers a call; those that change the ledger complete once the change is durable.</summary>
    public Task<JsonElement> DispatchAsync(string method, JsonElement? parameters)
    {
        if (s_writes.Contains(method))
        {
            storage.RequireWritable();
        }

        return Route(method, parameters);
    }

    private Task<JsonElement> Route(string method, JsonElement? parameters) => method switch
    {
        RpcMethods.CreateCurrency => CreateCurrencyAsync(Params(parameters, RpcJson.Default.CreateCurrencyParams)),
        RpcMethods.Pay => PayAsync(Params(parameters, RpcJson.Default.PayParams)),
        RpcMethods.CreditLimit => CreditLimitAsync(Params(parameters, RpcJson.Default.CreditLimitParams)),
        RpcMethods.Dial => DialAsync(Params(parameters, RpcJson.Default.DialParams)),
        RpcMethods.Publish => PublishAsync(Params(parameters, RpcJson.Default.PublishParams)),
        _ => Task.FromResult(Dispatch(method, parameters)),
    };

    private JsonElement Dispatch(string method, JsonElement? parameters) => method switch
    {
        RpcMethods.Status => Status(),
        RpcMethods.Identity => Identity(),
        RpcMethods.Peers => Peers(),
        RpcMethods.NetworkStats => NetworkStats(),
        RpcMethods.Topics => Topics(),
        RpcMethods.CreateTopic => CreateTopic(Params(parameters, RpcJson.Default.CreateTopicParams)),
        RpcMethods.Subscribe => Subscribe(Params(parameters, RpcJson.Default.TopicParams)),
        RpcMethods.Unsubscribe => Unsubscribe(Params(parameters, RpcJson.Default.TopicParams)),
        RpcMethods.Entries => Entries(Params(parameters, RpcJson.Default.EntriesParams)),
        RpcMethods.Currencies => Currencies(),
        RpcMethods.Balances => Balances(Params(parameters, RpcJson.Default.BalancesParams)),
        RpcMethods.History => History(parameters is null ? new HistoryParams() : Params(parameters, RpcJson.Default.HistoryParams)),
        RpcMethods.Quarantine => Quarantine(),
        RpcMethods.QuarantineGet => QuarantineGet(Params(parameters, RpcJson.Default.RecordParams)),
        RpcMethods.QuarantineDrop => QuarantineDrop(Params(parameters, RpcJson.Default.RecordParams)),
        RpcMethods.QuarantineRelease => QuarantineRelease(Params(parameters, RpcJson.Default.RecordParams)),
        RpcMethods.Integrity => Integrity(),
        RpcMethods.Repair => JsonSerializer.SerializeToElement(ledger.Repair(), RpcJson.Default.RepairView),
        RpcMethods.TrustAdd => TrustAdd(Params(parameters, RpcJson.Default.TrustAddParams)),
        RpcMethods.TrustRemove => TrustRemove(Params(parameters, RpcJson.Default.TrustDidParams)),
        RpcMethods.TrustList => TrustList(),
        RpcMethods.TrustShow => TrustShow(Params(parameters, RpcJson.Default.TrustDidParams)),
        _ => throw new RpcException(RpcErrorCodes.MethodNotFound, $"unknown method '{method}'; known: {string.Join(", ", RpcMethods.All)}"),
    };

    private JsonElement Status()
    {
        var report = health.Report();
        var status = new NodeStatus(identity.Did?.ToString(), BuildInfo.FromAssembly(typeof(RpcDispatcher).Assembly).Version,
            Math.Round(refresher.Uptime.TotalSeconds, 3), report.Ready, report.Components,
            network.Network?.ConnectedPeers.Count ?? 0, gossip.Engine?.Topics().Count ?? 0,
            observability.BoundAddress is { } metrics ? new Uri(metrics, "metrics").ToString() : null,
            network.Network?.ListenEndPoint?.ToString(), ledger.Summary(), report.Problems);
        return JsonSerializer.SerializeToElement(status, RpcJson.Default.NodeStatus);
    }

    private JsonElement Identity() => JsonSerializer.SerializeToElement(
        new IdentityView(identity.Did?.ToString(), options.DataDirectory, Path.Combine(options.DataDirectory, Icn.Identity.Keystore.IdentityKeystore.FileName)),
        RpcJson.Default.IdentityView);

    private static T Params<T>(JsonElement? parameters, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        if (parameters is not { ValueKind: JsonValueKind.Object } value)
        {
            throw new RpcException(RpcErrorCodes.InvalidParams, "params must be an object");
        }

        try
        {
            return value.Deserialize(type) ?? throw new RpcException(RpcErrorCodes.InvalidParams, "params must be an object");
        }
        catch (JsonException e)
        {
            throw new RpcException(RpcErrorCodes.InvalidParams, $"bad params: {e.Message}");
        }
    }

    /// <summary>The component, or -32001 saying why it is not running (no identity, or the problem it reported).</summary>
    private T Require<T>(T? component, string name, string area)
        where T : class =>
        component ?? throw new RpcException(RpcErrorCodes.Unavailable, identity.Key is null
            ? $"the {name} is not running (no identity: run 'icnctl id init', then restart icnd)"
            : $"the {name} is not running: {health.Report().Problems.GetValueOrDefault(area, "it failed to start; see the node's log")}");
}
