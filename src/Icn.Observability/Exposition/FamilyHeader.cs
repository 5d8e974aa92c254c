using System.Text;
using Icn.Observability.Catalogue;

namespace Icn.Observability.Exposition;

/// <summary>The HELP/TYPE (and UNIT) lines of a family in both formats, encoded once.</summary>
internal sealed class FamilyHeader
{
    public FamilyHeader(MetricDefinition definition)
    {
        var type = definition.Kind.ToString().ToLowerInvariant();
        PrometheusText = Encoding.UTF8.GetBytes(
            $"# HELP {definition.Name} {Escape.Help(definition.Help, quotes: false)}\n# TYPE {definition.Name} {type}\n");

        // OpenMetrics names a counter family without its _total suffix; its samples keep it.
        var family = definition.Kind == MetricKind.Counter && definition.Name.EndsWith("_total", StringComparison.Ordinal)
            ? definition.Name[..^"_total".Length]
            : definition.Name;
        var text = new StringBuilder($"# TYPE {family} {type}\n");
        // A UNIT line is only valid when the family name ends with that unit.
        if (definition.Unit.Length > 0 && family.EndsWith("_" + definition.Unit, StringComparison.Ordinal))
        {
            text.Append($"# UNIT {family} {definition.Unit}\n");
        }

        text.Append($"# HELP {family} {Escape.Help(definition.Help, quotes: true)}\n");
        OpenMetrics = Encoding.UTF8.GetBytes(text.ToString());
    }

    public byte[] PrometheusText { get; }

    public byte[] OpenMetrics { get; }
}
