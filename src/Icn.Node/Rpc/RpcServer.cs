using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Icn.Node.Configuration;
using Icn.Node.Http;
using Icn.Node.Supervision;
using Icn.Observability.Instruments;
using Icn.Observability.Registry;
using Icn.Rpc;
using Icn.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Catalogue = Icn.Node.Rpc.RpcCatalogue;

namespace Icn.Node.Rpc;

/// <summary>
/// JSON-RPC 2.0 over HTTP POST on <c>rpc.addr</c> (default 127.0.0.1:5601). Every call needs the bearer
/// token written to <c>rpc.cookie</c> at start; bodies over <see cref="MaxBodyBytes"/> are refused; every
/// request is counted by method and outcome.
/// </summary>
internal sealed partial class RpcServer : InnerWebServer
{
    public const int MaxBodyBytes = 1024 * 1024;

    private readonly NodeOptions _options;
    private readonly RpcDispatcher _dispatcher;
    private readonly StorageGuard _storage;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Dictionary<string, CountersBy<RpcOutcome>> _requests = [];
    private readonly Histogram _duration;
    private byte[] _expectedAuthorization = [];

    public RpcServer(NodeOptions options, RpcDispatcher dispatcher, StorageGuard storage, MetricRegistry registry, TimeProvider time, ILoggerFactory loggers)
        : base(HttpPort.Rpc, registry, loggers)
    {
        _storage = storage;
        _options = options;
        _dispatcher = dispatcher;
        _time = time;
        _log = loggers.CreateLogger<RpcServer>();
        foreach (var method in Catalogue.Methods)
        {
            _requests[method] = new CountersBy<RpcOutcome>(registry, Catalogue.Requests, method);
        }

        _duration = registry.Histogram(Catalogue.Duration);
    }

    protected override ListenAddress? Address => _options.RpcAddress;

    protected override (string Endpoint, string Key) Describe => ("JSON-RPC", "rpc.addr");

    /// <summary>A new token at every start, written before the port opens.</summary>
    protected override void Prepare() =>
        _expectedAuthorization = Encoding.ASCII.GetBytes("Bearer " + RpcCookie.Create(_options.DataDirectory));

    protected override void ConfigureKestrel(KestrelServerOptions kestrel) => kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;

    protected override void Map(WebApplication app) => app.MapPost("/", HandleAsync);

    protected override void OnListening(Uri address)
    {
        LogListening(_log, address);
        RpcEndpointFile.Write(_options.DataDirectory, BoundAddress!.Authority);
    }

    protected override void OnStopping() => RpcEndpointFile.Remove(_options.DataDirectory);

    protected override void OnCannotListen(string address, string reason) => LogCannotListen(_log, address, reason);

    protected override void OnDisabled() => LogDisabled(_log);

    private async Task HandleAsync(HttpContext context)
    {
        var started = _time.GetTimestamp();
        var (method, outcome) = await AnswerAsync(context);
        _requests[method][outcome].Increment();
        _duration.Record(_time.GetElapsedTime(started).TotalSeconds);
    }

    // Each step answers the caller itself when the request goes no further, and says how the call ended.
    private async Task<(string Method, RpcOutcome Outcome)> AnswerAsync(HttpContext context)
    {
        if (!Authorized(context.Request.Headers.Authorization.ToString()))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Reply(context, null, error: (RpcErrorCodes.InvalidRequest, $"missing or wrong token: send 'Authorization: Bearer <contents of {RpcCookie.FileName}>'", null));
            return (Catalogue.UnknownMethod, RpcOutcome.Unauthorized);
        }

        if (await ReadBodyAsync(context) is not { } body)
        {
            return (Catalogue.UnknownMethod, RpcOutcome.BadRequest);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            await Reply(context, null, error: (RpcErrorCodes.ParseError, $"request is not JSON: {e.Message}", null));
            return (Catalogue.UnknownMethod, RpcOutcome.BadRequest);
        }

        using (document)
        {
            return await AnswerRequestAsync(context, document.RootElement);
        }
    }

    /// <summary>The body, or null (answered: 413) when it is over <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            return buffer.ToArray();
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await Reply(context, null, error: (RpcErrorCodes.InvalidRequest, $"request body exceeds {MaxBodyBytes} bytes", null));
            return null;
        }
    }

    private async Task<(string Method, RpcOutcome Outcome)> AnswerRequestAsync(HttpContext context, JsonElement request)
    {
        JsonElement? id = request.ValueKind == JsonValueKind.Object && request.TryGetProperty("id", out var given)
            && given.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null ? given : null;
        if (Invalid(request) is { } problem)
        {
            await Reply(context, id, error: (RpcErrorCodes.InvalidRequest, problem, null));
            return (Catalogue.UnknownMethod, RpcOutcome.BadRequest);
        }

        var method = request.GetProperty("method").GetString()!;
        var label = Catalogue.Methods.Contains(method) ? method : Catalogue.UnknownMethod;
        JsonElement? parameters = request.TryGetProperty("params", out var p) ? p : null;
        return (label, await InvokeAsync(context, id, method, parameters));
    }

    private async Task<RpcOutcome> InvokeAsync(HttpContext context, JsonElement? id, string method, JsonElement? parameters)
    {
        try
        {
            var result = await _dispatcher.DispatchAsync(method, parameters);
            await Reply(context, id, result: result);
            return RpcOutcome.Ok;
        }
        catch (RpcException e)
        {
            await Reply(context, id, error: (e.Code, e.Message, e.Reason));
            return e.Code is RpcErrorCodes.Refused or RpcErrorCodes.Unavailable ? RpcOutcome.Refused : RpcOutcome.BadRequest;
        }
        catch (StorageException e)
        {
            // A full or failing disk is the node's state, not a fault in the call: one clear answer, no trace.
            _storage.Failed(e);
            await Reply(context, id, error: (RpcErrorCodes.Refused, e.Message, StorageGuard.Area));
            return RpcOutcome.Refused;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFault(_log, method, e);
            await Reply(context, id, error: (RpcErrorCodes.InternalError, $"the node failed to answer {method}; see its log", null));
            return RpcOutcome.Error;
        }
    }

    private bool Authorized(string header)
    {
        var given = Encoding.ASCII.GetBytes(header);
        return _expectedAuthorization.Length > 0 && CryptographicOperations.FixedTimeEquals(given, _expectedAuthorization);
    }

    private static string? Invalid(JsonElement request)
    {
        if (request.ValueKind == JsonValueKind.Array)
        {
            return "batch requests are not supported; send one request per call";
        }

        if (request.ValueKind != JsonValueKind.Object)
        {
            return "a request must be a JSON object";
        }

        if (!request.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
        {
            return "\"jsonrpc\" must be \"2.0\"";
        }

        if (!request.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
        {
            return "\"method\" must be a string";
        }

        return request.TryGetProperty("params", out var p) && p.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)
            ? "\"params\" must be an object or an array"
            : null;
    }

    private static async Task Reply(HttpContext context, JsonElement? id, JsonElement? result = null, (int Code, string Message, string? Reason)? error = null)
    {
        var body = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("jsonrpc", "2.0");
            json.WritePropertyName("id");
            if (id is { } value)
            {
                value.WriteTo(json);
            }
            else
            {
                json.WriteNullValue();
            }

            if (error is { } e)
            {
                json.WriteStartObject("error");
                json.WriteNumber("code", e.Code);
                json.WriteString("message", e.Message);
                if (e.Reason is { } reason)
                {
                    json.WriteStartObject("data");
                    json.WriteString("reason", reason);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }
            else
            {
                json.WritePropertyName("result");
                result!.Value.WriteTo(json);
            }

            json.WriteEndObject();
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = body.WrittenCount;
        await context.Response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted);
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "JSON-RPC on {Address} (token in rpc.cookie)")]
    private static partial void LogListening(ILogger logger, Uri address);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "JSON-RPC cannot listen on {Address}: {Reason}; the node keeps running without it (set rpc.addr or --rpc-addr)")]
    private static partial void LogCannotListen(ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information, Message = "JSON-RPC switched off (rpc.addr = none)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Error, Message = "RPC method {Method} failed")]
    private static partial void LogFault(ILogger logger, string method, Exception exception);
}
