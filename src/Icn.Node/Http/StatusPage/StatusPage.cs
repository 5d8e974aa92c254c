using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Icn.Node.Components;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Icn.Node.Http.StatusPage;

/// <summary>
/// The operator console at <c>/</c>: one self-contained HTML file, embedded, and what it polls: <c>/status.json</c>
/// (<see cref="StatusReport"/>), <c>/history.json</c> (<see cref="StatusHistory"/>), <c>/trust.json</c>
/// (<see cref="TrustNeighbourhood"/>) and <c>/metrics</c>.
/// </summary>
internal sealed partial class StatusPage(StatusReport report, StatusHistory history, NetworkComponent network, TrustComponent trust)
{
    private static readonly byte[] s_html = Load();

    /// <summary>
    /// Nothing may load from elsewhere, and only the page's own script and style may run: they are allowed by hash, so an
    /// injected script or style attribute (a DID or topic name carrying markup, say) would be refused by the browser.
    /// </summary>
    public static string ContentSecurityPolicy { get; } = Policy(Encoding.UTF8.GetString(s_html));

    public void Map(WebApplication app)
    {
        app.MapGet("/", context =>
        {
            var response = context.Response;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            return response.Body.WriteAsync(s_html, context.RequestAborted).AsTask();
        });
        app.MapGet("/status.json", context => WriteJsonAsync(context, report.Json()));
        app.MapGet("/history.json", context => WriteJsonAsync(context, history.Json()));
        app.MapGet("/trust.json", new TrustNeighbourhood(network, trust).WriteAsync);
    }

    private static Task WriteJsonAsync(HttpContext context, ReadOnlyMemory<byte> body)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static string Policy(string html)
    {
        static string Hashes(IEnumerable<Match> blocks) => string.Join(' ', blocks.Select(m =>
            $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups[1].Value)))}'"));
        return $"default-src 'none'; script-src {Hashes(Scripts().Matches(html))}; style-src {Hashes(Styles().Matches(html))}; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex Scripts();

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex Styles();

    private static byte[] Load()
    {
        using var stream = typeof(StatusPage).Assembly.GetManifestResourceStream("status.html")
            ?? throw new InvalidOperationException("status.html is not embedded in icnd");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
