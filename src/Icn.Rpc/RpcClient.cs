using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Icn.Rpc;

/// <summary>A typed JSON-RPC 2.0 client for one node, authenticated with its cookie.</summary>
public sealed class RpcClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private long _nextId;

    /// <summary>How long a connection may take to open: a port that drops packets fails fast.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a call may take in all: a port that accepts and never answers is named, not waited on in silence.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    public RpcClient(Uri endpoint, string token)
    {
        _endpoint = endpoint;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = ConnectTimeout }) { Timeout = CallTimeout };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>A client for the node at <paramref name="address"/> (HOST:PORT) whose data directory is <paramref name="dataDirectory"/>.</summary>
    public static RpcClient ForNode(string dataDirectory, string address) =>
        new(new Uri($"http://{address}/"), RpcCookie.Read(dataDirectory));

    public Task<NodeStatus> StatusAsync(CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.Status, null, RpcJson.Default.NodeStatus, cancellationToken);

    public Task<IdentityView> IdentityAsync(CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.Identity, null, RpcJson.Default.IdentityView, cancellationToken);

    public Task<TrustEdgeView> TrustAddAsync(TrustAddParams request, CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.TrustAdd, Params(request, RpcJson.Default.TrustAddParams), RpcJson.Default.TrustEdgeView, cancellationToken);

    public Task<TrustRemoved> TrustRemoveAsync(string did, CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.TrustRemove, Params(new TrustDidParams(did), RpcJson.Default.TrustDidParams), RpcJson.Default.TrustRemoved, cancellationToken);

    public Task<TrustEdgeView[]> TrustListAsync(CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.TrustList, null, RpcJson.Default.TrustEdgeViewArray, cancellationToken);

    public Task<TrustShowView> TrustShowAsync(string did, CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.TrustShow, Params(new TrustDidParams(did), RpcJson.Default.TrustDidParams), RpcJson.Default.TrustShowView, cancellationToken);

    public Task<PeerLinkView[]> PeersAsync(CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.Peers, null, RpcJson.Default.PeerLinkViewArray, cancellationToken);

    public Task<PeerView> DialAsync(DialParams request, CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.Dial, Params(request, RpcJson.Default.DialParams), RpcJson.Default.PeerView, cancellationToken);

    public Task<NetworkStats> NetworkStatsAsync(CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.NetworkStats, null, RpcJson.Default.NetworkStats, cancellationToken);

    public Task<TopicView[]> TopicsAsync(CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.Topics, null, RpcJson.Default.TopicViewArray, cancellationToken);

    public Task<TopicView> CreateTopicAsync(CreateTopicParams request, CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.CreateTopic, Params(request, RpcJson.Default.CreateTopicParams), RpcJson.Default.TopicView, cancellationToken);

    public Task<TopicView> SubscribeAsync(string topic, CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.Subscribe, Params(new TopicParams(topic), RpcJson.Default.TopicParams), RpcJson.Default.TopicView, cancellationToken);

    public Task<TopicView> UnsubscribeAsync(string topic, CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.Unsubscribe, Params(new TopicParams(topic), RpcJson.Default.TopicParams), RpcJson.Default.TopicView, cancellationToken);

    public Task<EntryView> PublishAsync(PublishParams request, CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.Publish, Params(request, RpcJson.Default.PublishParams), RpcJson.Default.EntryView, cancellationToken);

    public Task<EntryView[]> EntriesAsync(EntriesParams request, CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.Entries, Params(request, RpcJson.Default.EntriesParams), RpcJson.Default.EntryViewArray, cancellationToken);

    public Task<CurrencyView[]> CurrenciesAsync(CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.Currencies, null, RpcJson.Default.CurrencyViewArray, cancellationToken);

    public Task<CurrencyView> CreateCurrencyAsync(CreateCurrencyParams request, CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.CreateCurrency, Params(request, RpcJson.Default.CreateCurrencyParams), RpcJson.Default.CurrencyView, cancellationToken);

    public Task<TransferView> PayAsync(PayParams request, CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.Pay, Params(request, RpcJson.Default.PayParams), RpcJson.Default.TransferView, cancellationToken);

    public Task<BalanceView[]> BalancesAsync(BalancesParams request, CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.Balances, Params(request, RpcJson.Default.BalancesParams), RpcJson.Default.BalanceViewArray, cancellationToken);

    public Task<TransferView[]> HistoryAsync(HistoryParams request, CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.History, Params(request, RpcJson.Default.HistoryParams), RpcJson.Default.TransferViewArray, cancellationToken);

    public Task<BalanceView[]> CreditLimitAsync(CreditLimitParams request, CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.CreditLimit, Params(request, RpcJson.Default.CreditLimitParams), RpcJson.Default.BalanceViewArray, cancellationToken);

    public Task<QuarantineView[]> QuarantineAsync(CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.Quarantine, null, RpcJson.Default.QuarantineViewArray, cancellationToken);

    public Task<QuarantineDetail> QuarantineGetAsync(string id, CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.QuarantineGet, Params(new RecordParams(id), RpcJson.Default.RecordParams), RpcJson.Default.QuarantineDetail, cancellationToken);

    public Task<RecordOutcome> QuarantineDropAsync(string id, CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.QuarantineDrop, Params(new RecordParams(id), RpcJson.Default.RecordParams), RpcJson.Default.RecordOutcome, cancellationToken);

    public Task<RecordOutcome> QuarantineReleaseAsync(string id, CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.QuarantineRelease, Params(new RecordParams(id), RpcJson.Default.RecordParams), RpcJson.Default.RecordOutcome, cancellationToken);

    public Task<IntegrityView> IntegrityAsync(CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.Integrity, null, RpcJson.Default.IntegrityView, cancellationToken);

    public Task<RepairView> RepairAsync(CancellationToken cancellationToken = default) =>
        CallAsync(RpcMethods.Repair, null, RpcJson.Default.RepairView, cancellationToken);

    /// <summary>Calls <paramref name="method"/>; a JSON-RPC error or a transport failure is an <see cref="RpcException"/>.</summary>
    public async Task<T> CallAsync<T>(string method, JsonElement? parameters, JsonTypeInfo<T> resultType, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("jsonrpc", "2.0");
            json.WriteNumber("id", Interlocked.Increment(ref _nextId));
            json.WriteString("method", method);
            if (parameters is { } p)
            {
                json.WritePropertyName("params");
                p.WriteTo(json);
            }

            json.WriteEndObject();
        }

        HttpResponseMessage response;
        try
        {
            using var content = new ByteArrayContent(body.WrittenSpan.ToArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            response = await _http.PostAsync(_endpoint, content, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException)
        {
            // A connection reset before HttpClient has read the peer's address surfaces as a bare SocketException.
            throw new RpcException(RpcErrorCodes.Unavailable, $"is icnd running? no answer on {_endpoint.Authority} ({e.Message})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RpcException(RpcErrorCodes.Unavailable, $"no answer on {_endpoint.Authority} within {CallTimeout.TotalSeconds:0} s: is that icnd's RPC port?");
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new RpcException(RpcErrorCodes.Unavailable, $"the node on {_endpoint.Authority} refused the RPC token: use the data directory of the icnd running there");
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            using var document = ParseAnswer(bytes, response);
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var error))
            {
                var reason = error.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                    && data.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
                throw new RpcException(error.GetProperty("code").GetInt32(), error.GetProperty("message").GetString() ?? "error", reason);
            }

            return root.GetProperty("result").Deserialize(resultType)
                ?? throw new RpcException(RpcErrorCodes.InternalError, $"{method} returned no result");
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The answer as JSON-RPC, or an error naming what answered instead (the metrics port, another server).</summary>
    private JsonDocument ParseAnswer(byte[] bytes, HttpResponseMessage response)
    {
        try
        {
            var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && (document.RootElement.TryGetProperty("result", out _) || document.RootElement.TryGetProperty("error", out _)))
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
        }

        throw new RpcException(RpcErrorCodes.Unavailable,
            $"{_endpoint.Authority} answered HTTP {(int)response.StatusCode} ({response.Content.Headers.ContentType?.MediaType ?? "no content type"}), not JSON-RPC: is that icnd's RPC port and not its metrics port?");
    }

    private static JsonElement Params<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.SerializeToElement(value, type);
}
