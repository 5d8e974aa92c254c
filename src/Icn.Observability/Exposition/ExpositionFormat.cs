namespace Icn.Observability.Exposition;

/// <summary>The two text formats a scraper can ask for.</summary>
public enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4.</summary>
    PrometheusText,

    /// <summary>OpenMetrics 1.0 text.</summary>
    OpenMetrics,
}

/// <summary>Content negotiation for <c>GET /metrics</c>.</summary>
public static class ExpositionFormats
{
    public const string PrometheusTextContentType = "text/plain; version=0.0.4; charset=utf-8";
    public const string OpenMetricsContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    public static string ContentType(this ExpositionFormat format) =>
        format == ExpositionFormat.OpenMetrics ? OpenMetricsContentType : PrometheusTextContentType;

    /// <summary>
    /// Picks OpenMetrics when the Accept header prefers <c>application/openmetrics-text</c> (version
    /// 1.0.0 or unversioned) over plain text by its q-values; otherwise Prometheus text 0.0.4.
    /// </summary>
    public static ExpositionFormat Negotiate(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return ExpositionFormat.PrometheusText;
        }

        double openMetrics = -1, text = -1;
        foreach (var range in accept.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = range.Split(';', StringSplitOptions.TrimEntries);
            var quality = 1.0;
            string? version = null;
            foreach (var parameter in parts.Skip(1))
            {
                var equals = parameter.IndexOf('=', StringComparison.Ordinal);
                if (equals < 0)
                {
                    continue;
                }

                var name = parameter[..equals].Trim();
                var value = parameter[(equals + 1)..].Trim();
                if (name.Equals("q", StringComparison.OrdinalIgnoreCase)
                    && double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var q))
                {
                    quality = q;
                }
                else if (name.Equals("version", StringComparison.OrdinalIgnoreCase))
                {
                    version = value;
                }
            }

            var mediaType = parts[0];
            if (mediaType.Equals("application/openmetrics-text", StringComparison.OrdinalIgnoreCase) && version is null or "1.0.0")
            {
                openMetrics = Math.Max(openMetrics, quality);
            }
            else if (mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase) || mediaType == "*/*")
            {
                text = Math.Max(text, quality);
            }
        }

        return openMetrics > 0 && openMetrics >= text ? ExpositionFormat.OpenMetrics : ExpositionFormat.PrometheusText;
    }
}
