using System.Globalization;

namespace Icn.TestKit;

/// <summary>A parsed Prometheus text exposition: families with TYPE and HELP, and sample values.</summary>
public sealed record ScrapedFamily(string Name, string Type, string Help);

public sealed class Scrape
{
    private Scrape(Dictionary<string, ScrapedFamily> families, Dictionary<string, double> samples)
    {
        Families = families;
        Samples = samples;
    }

    public IReadOnlyDictionary<string, ScrapedFamily> Families { get; }

    /// <summary>Sample values by series text, e.g. <c>icn_build_info{version="0.1.0",commit="abc"}</c>.</summary>
    public IReadOnlyDictionary<string, double> Samples { get; }

    /// <summary>The value of an unlabelled series.</summary>
    public double this[string series] => Samples.TryGetValue(series, out var value)
        ? value
        : throw new KeyNotFoundException($"series {series} not in scrape");

    /// <summary>The sum of a family's series that carry <paramref name="label"/>=<paramref name="value"/> (all series when no label is given).</summary>
    public double Sum(string family, string? label = null, string? value = null) =>
        Samples.Where(s => (s.Key == family || s.Key.StartsWith(family + "{", StringComparison.Ordinal))
                && (label is null || s.Key.Contains($"{label}=\"{value}\"", StringComparison.Ordinal)))
            .Sum(s => s.Value);

    public static Scrape Parse(string text)
    {
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        var families = new Dictionary<string, ScrapedFamily>(StringComparer.Ordinal);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line["# HELP ".Length..];
                var space = rest.IndexOf(' ', StringComparison.Ordinal);
                help[rest[..space]] = rest[(space + 1)..];
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                families[parts[2]] = new ScrapedFamily(parts[2], parts[3], help.GetValueOrDefault(parts[2], ""));
            }
            else if (!line.StartsWith('#'))
            {
                var space = line.LastIndexOf(' ');
                samples[line[..space]] = double.Parse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return new Scrape(families, samples);
    }
}
