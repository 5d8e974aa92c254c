using System.Text.RegularExpressions;

namespace Icn.IntegrationTests.Operations.Docs;

/// <summary>
/// The shell commands the documentation gives: every <c>```sh</c> block of README.md's "Using it" section and of
/// docs/*.md, in order. A block fenced <c>```sh manual</c> is left to a person (hours of benchmarks, a fuzzer's
/// toolchain), and says why beside it.
/// </summary>
public static partial class DocCommands
{
    /// <summary>The ports the documentation uses, each mapped to a free loopback port in the sandbox.</summary>
    public static readonly int[] DocumentedPorts = [7777, 7778, 9090, 9091, 9099, 5601, 5602];

    public sealed record Command(string Where, string Text);

    public static IReadOnlyList<Command> All()
    {
        var readme = File.ReadAllText(Repository.PathOf("README.md"));
        var usage = readme[readme.IndexOf("## Using it", StringComparison.Ordinal)..];
        usage = usage[..(usage.IndexOf("\n## ", 3, StringComparison.Ordinal) is var end and > 0 ? end : usage.Length)];
        var commands = Extract("README.md", usage, readme.Take(readme.IndexOf("## Using it", StringComparison.Ordinal)).Count(c => c == '\n')).ToList();
        foreach (var file in Directory.GetFiles(Repository.PathOf("docs"), "*.md").Order(StringComparer.Ordinal))
        {
            commands.AddRange(Extract($"docs/{Path.GetFileName(file)}", File.ReadAllText(file), 0));
        }

        return commands;
    }

    /// <summary>The commands of each <c>```sh</c> block: comments and blank lines dropped, continued lines joined.</summary>
    public static IEnumerable<Command> Extract(string file, string markdown, int firstLine)
    {
        var lines = markdown.Split('\n');
        var inBlock = false;
        var pending = "";
        var start = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock && line.Trim() == "```sh";
                continue;
            }

            if (!inBlock || line.TrimStart().StartsWith('#') || (line.Trim().Length == 0 && pending.Length == 0))
            {
                continue;
            }

            start = pending.Length == 0 ? i : start;
            pending += line.EndsWith('\\') ? line[..^1] : line;
            if (!line.EndsWith('\\'))
            {
                yield return new Command($"{file}:{firstLine + start + 1}", pending.Trim());
                pending = "";
            }
        }
    }

    /// <summary>The command as the sandbox runs it: loopback for every address, the documented ports mapped to free ones.</summary>
    public static string Sandboxed(string text, IReadOnlyDictionary<int, int> ports) =>
        DocumentedPort().Replace(text.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal),
            m => ports.TryGetValue(int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture), out var free) ? free.ToString(System.Globalization.CultureInfo.InvariantCulture) : m.Value);

    [GeneratedRegex(@"(?<=:)\d{4}\b")]
    private static partial Regex DocumentedPort();
}
