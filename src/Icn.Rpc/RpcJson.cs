using System.Text.Json;
using System.Text.Json.Serialization;

namespace Icn.Rpc;

/// <summary>How RPC bodies are written: snake_case names, nulls left out, generated at build time.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(NodeStatus))]
[JsonSerializable(typeof(PeerView[]))]
[JsonSerializable(typeof(TopicView))]
[JsonSerializable(typeof(TopicView[]))]
[JsonSerializable(typeof(EntryView))]
[JsonSerializable(typeof(EntryView[]))]
[JsonSerializable(typeof(CreateTopicParams))]
[JsonSerializable(typeof(TopicParams))]
[JsonSerializable(typeof(PublishParams))]
[JsonSerializable(typeof(EntriesParams))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class RpcJson : JsonSerializerContext;
