namespace Icn.Cli.Output;

/// <summary>A plain text table: a header row (unless asked not to), then left-aligned columns two spaces apart.</summary>
internal static class Table
{
    public static void Print(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, bool header = true)
    {
        var all = header ? rows.Prepend(headers).ToList() : rows.ToList();
        if (all.Count == 0)
        {
            return;
        }

        var widths = headers.Select((_, i) => all.Max(row => row[i].Length)).ToArray();
        foreach (var row in all)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Count - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }
    }
}
