using System.CommandLine;
using System.CommandLine.Parsing;

namespace Icn.Cli.Commands;

/// <summary>"did you mean": for each word icnctl did not understand, the nearest command or option where it stood.</summary>
internal static class Suggestions
{
    public static IEnumerable<string> For(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        foreach (var token in parsed.UnmatchedTokens.Distinct(StringComparer.Ordinal))
        {
            var names = token.StartsWith('-')
                ? command.Options.Concat(Inherited(parsed.CommandResult)).SelectMany(o => o.Aliases.Prepend(o.Name))
                : command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name));
            if (Nearest(token, names) is { } nearest)
            {
                yield return $"'{token}': did you mean '{nearest}'?";
            }
        }
    }

    /// <summary>The command words from the root to <paramref name="result"/>: "ledger pay".</summary>
    public static IEnumerable<string> Path(CommandResult result)
    {
        var words = new Stack<string>();
        for (var at = result; at?.Parent is CommandResult parent; at = parent)
        {
            words.Push(at.Command.Name);
        }

        return words;
    }

    /// <summary>The name within a small edit distance (a third of the word, at least one), or null.</summary>
    internal static string? Nearest(string word, IEnumerable<string> names) => names
        .Distinct(StringComparer.Ordinal)
        .Select(name => (Name: name, Distance: Distance(word, name)))
        .Where(c => c.Distance <= Math.Max(1, word.Length / 3))
        .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
        .Select(c => c.Name)
        .FirstOrDefault();

    /// <summary>Options of the commands above that apply here too (<c>--data-dir</c>).</summary>
    private static IEnumerable<Option> Inherited(CommandResult result)
    {
        for (var at = result.Parent as CommandResult; at is not null; at = at.Parent as CommandResult)
        {
            foreach (var option in at.Command.Options.Where(o => o.Recursive))
            {
                yield return option;
            }
        }
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
