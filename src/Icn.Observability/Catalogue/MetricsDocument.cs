using System.Globalization;
using System.Text;

namespace Icn.Observability.Catalogue;

/// <summary>Renders docs/metrics.md from the catalogue, so the reference can never drift from the code.</summary>
public static class MetricsDocument
{
    public static string Render(IReadOnlyList<MetricDefinition> definitions)
    {
        var text = new StringBuilder();
        text.AppendLine("# Metrics reference");
        text.AppendLine();
        text.AppendLine("<!-- Generated from src/Icn.Observability/Catalogue by a test; edit the catalogue, then run");
        text.AppendLine("     ICN_UPDATE_DOCS=1 ./test.sh (or the Icn.Observability.Tests project) to refresh this file. -->");
        text.AppendLine();
        text.AppendLine("Every family is exposed on `GET /metrics` from the first scrape, at zero until something happens.");
        text.AppendLine("Counters move when the event happens; gauges are refreshed every `metrics.refresh_seconds` (10 s)");
        text.AppendLine("and on state changes. No series carries a label unless its row lists one.");
        text.AppendLine("Four gauges keep the `_total` names the source document gave them; `promtool check metrics`");
        text.AppendLine("warns about exactly those four.");
        foreach (var component in definitions.GroupBy(d => d.Component))
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"## {char.ToUpperInvariant(component.Key[0])}{component.Key[1..]}");
            text.AppendLine();
            text.AppendLine("| Name | Type | Unit | Labels | HELP | Meaning |");
            text.AppendLine("|---|---|---|---|---|---|");
            foreach (var d in component)
            {
                var labels = d.Labels.Count == 0 ? "" : string.Join(", ", d.Labels.Select(l =>
                    l.AllowedValues is null ? $"`{l.Name}`" : $"`{l.Name}` ({string.Join(", ", l.AllowedValues)})"));
                var meaning = d.Meaning;
                if (d.Buckets.Count > 0)
                {
                    meaning += " Buckets: " + string.Join(", ", d.Buckets.Select(b => b.ToString(CultureInfo.InvariantCulture))) + ".";
                }

                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| `{d.Name}` | {d.Kind.ToString().ToLowerInvariant()} | {d.Unit} | {labels} | {d.Help} | {meaning} |");
            }
        }

        return text.ToString();
    }
}
