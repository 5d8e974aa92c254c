using System.Text.Json;
using System.Text.Json.Serialization;

namespace Icn.Rpc;

/// <summary>
/// How RPC bodies are written: snake_case names, generated at build time. Nulls are written, not left
/// out: a field without a default (a node's DID, say) must be present, null or not.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(NodeStatus))]
[JsonSerializable(typeof(IdentityView))]
[JsonSerializable(typeof(PeerView))]
[JsonSerializable(typeof(PeerLinkView[]))]
[JsonSerializable(typeof(DialParams))]
[JsonSerializable(typeof(NetworkStats))]
[JsonSerializable(typeof(TopicView))]
[JsonSerializable(typeof(TopicView[]))]
[JsonSerializable(typeof(EntryView))]
[JsonSerializable(typeof(EntryView[]))]
[JsonSerializable(typeof(CreateTopicParams))]
[JsonSerializable(typeof(TopicParams))]
[JsonSerializable(typeof(PublishParams))]
[JsonSerializable(typeof(EntriesParams))]
[JsonSerializable(typeof(CurrencyView))]
[JsonSerializable(typeof(CurrencyView[]))]
[JsonSerializable(typeof(CreateCurrencyParams))]
[JsonSerializable(typeof(PayParams))]
[JsonSerializable(typeof(TransferView))]
[JsonSerializable(typeof(TransferView[]))]
[JsonSerializable(typeof(BalancesParams))]
[JsonSerializable(typeof(BalanceView[]))]
[JsonSerializable(typeof(HistoryParams))]
[JsonSerializable(typeof(CreditLimitParams))]
[JsonSerializable(typeof(QuarantineView[]))]
[JsonSerializable(typeof(QuarantineDetail))]
[JsonSerializable(typeof(RecordParams))]
[JsonSerializable(typeof(RecordOutcome))]
[JsonSerializable(typeof(IntegrityView))]
[JsonSerializable(typeof(RepairView))]
[JsonSerializable(typeof(TrustAddParams))]
[JsonSerializable(typeof(TrustDidParams))]
[JsonSerializable(typeof(TrustEdgeView))]
[JsonSerializable(typeof(TrustEdgeView[]))]
[JsonSerializable(typeof(TrustRemoved))]
[JsonSerializable(typeof(TrustShowView))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class RpcJson : JsonSerializerContext;
