using System.Text.RegularExpressions;

namespace Icn.Node.Tests.Contract;

/// <summary>Log event ids: each in the range ARCHITECTURE.md gives its project, and none used twice.</summary>
public sealed partial class EventIdTests
{
    [Fact]
    public void Every_event_id_is_unique_and_in_its_projects_documented_range()
    {
        var ranges = RangeRow().Matches(File.ReadAllText(Repository.PathOf("ARCHITECTURE.md")))
            .Select(m => (From: int.Parse(m.Groups["from"].Value, System.Globalization.CultureInfo.InvariantCulture),
                To: int.Parse(m.Groups["to"].Value, System.Globalization.CultureInfo.InvariantCulture), Project: m.Groups["project"].Value))
            .ToList();
        var uses = Directory.EnumerateFiles(Repository.PathOf("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .SelectMany(file => EventId().Matches(File.ReadAllText(file)).Select(m => (
                Id: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                Project: Path.GetRelativePath(Repository.PathOf("src"), file).Split('/')[0],
                File: Path.GetFileName(file))))
            .ToList();

        Assert.NotEmpty(ranges);
        Assert.True(uses.Count > 40, $"only {uses.Count} event ids found");
        Assert.All(uses.GroupBy(u => u.Id), g => Assert.True(g.Count() == 1, $"event id {g.Key} is used in {string.Join(", ", g.Select(u => u.File))}"));
        Assert.All(uses, u => Assert.True(ranges.Any(r => r.Project == u.Project && u.Id >= r.From && u.Id <= r.To),
            $"event id {u.Id} in {u.File} is outside every range ARCHITECTURE.md gives {u.Project}"));
    }

    [GeneratedRegex(@"^\| (?<from>\d{4})-(?<to>\d{4}) \| (?<project>Icn\.\w+) ", RegexOptions.Multiline)]
    private static partial Regex RangeRow();

    [GeneratedRegex(@"EventId = (\d+)")]
    private static partial Regex EventId();
}
