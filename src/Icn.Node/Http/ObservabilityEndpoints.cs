using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using Icn.Observability.Exposition;
using Icn.Observability.Health;
using Icn.Observability.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Icn.Node.Http;

/// <summary>The routes of the observability port: /metrics, /healthz and /readyz.</summary>
internal static class ObservabilityEndpoints
{
    public static void Map(WebApplication app, MetricRegistry registry, NodeHealth health)
    {
        app.MapGet("/metrics", context => WriteMetricsAsync(context, registry));
        app.MapGet("/healthz", context =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("ok\n");
        });
        app.MapGet("/readyz", context => WriteReadinessAsync(context, health));
    }

    private static async Task WriteMetricsAsync(HttpContext context, MetricRegistry registry)
    {
        var format = ExpositionFormats.Negotiate(context.Request.Headers.Accept.ToString());
        registry.Collect();
        var body = new ArrayBufferWriter<byte>(64 * 1024);
        ExpositionWriter.Write(registry, format, body);

        var response = context.Response;
        response.ContentType = format.ContentType();
        response.Headers.Vary = "Accept, Accept-Encoding";
        if (AcceptsGzip(context.Request.Headers.AcceptEncoding.ToString()))
        {
            response.Headers.ContentEncoding = "gzip";
            await using var gzip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
            await gzip.WriteAsync(body.WrittenMemory, context.RequestAborted);
        }
        else
        {
            response.ContentLength = body.WrittenCount;
            await response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted);
        }
    }

    private static async Task WriteReadinessAsync(HttpContext context, NodeHealth health)
    {
        var report = health.Report();
        context.Response.StatusCode = report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteBoolean("ready", report.Ready);
            json.WriteBoolean("started", report.Started);
            WriteObject(json, "components", report.Components);
            WriteObject(json, "problems", report.Problems);
            json.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted);
    }

    // "gzip" or "gzip;q=0.8" in the list, but not "gzip;q=0".
    private static bool AcceptsGzip(string acceptEncoding) =>
        acceptEncoding.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(coding => coding.Split(';', StringSplitOptions.TrimEntries))
            .Any(parts => parts[0].Equals("gzip", StringComparison.OrdinalIgnoreCase)
                && !parts.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "q=0" or "q=0.0" or "q=0.00" or "q=0.000"));

    /// <summary>A string-to-string map as a JSON object (readiness by component, problems by area), in the map's order.</summary>
    internal static void WriteObject(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> values)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }
}
