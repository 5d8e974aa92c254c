using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using Icn.Observability.Instruments;
using Icn.Observability.Registry;

namespace Icn.Observability.Exposition;

/// <summary>Renders a registry in Prometheus text 0.0.4 or OpenMetrics 1.0, straight into UTF-8 bytes.</summary>
public static class ExpositionWriter
{
    private const int MaxNumberLength = 32;

    /// <summary>Writes every family of <paramref name="registry"/> to <paramref name="output"/>.</summary>
    public static void Write(MetricRegistry registry, ExpositionFormat format, IBufferWriter<byte> output)
    {
        Span<long> cumulative = stackalloc long[64];
        // Arrays, not the IReadOnlyList views: enumerating those would allocate on every scrape.
        foreach (var family in registry.FamilyArray)
        {
            var series = family.SeriesArray;
            if (series.Length == 0)
            {
                continue;
            }

            output.Write(format == ExpositionFormat.OpenMetrics ? family.Header.OpenMetrics : family.Header.PrometheusText);
            foreach (var one in series)
            {
                switch (one.Instrument)
                {
                    case Counter counter when family.Definition.CounterScale == 1:
                        WriteLine(output, one.Lines.Sample, counter.Value);
                        break;
                    case Counter scaled:
                        WriteLine(output, one.Lines.Sample, scaled.Value * family.Definition.CounterScale);
                        break;
                    case Gauge gauge:
                        WriteLine(output, one.Lines.Sample, gauge.Value);
                        break;
                    case Histogram histogram:
                        WriteHistogram(output, one.Lines, histogram,
                            histogram.UpperBounds.Count < cumulative.Length ? cumulative : new long[histogram.UpperBounds.Count + 1]);
                        break;
                }
            }
        }

        if (format == ExpositionFormat.OpenMetrics)
        {
            output.Write("# EOF\n"u8);
        }
    }

    /// <summary>Renders to a new byte array (tests and small callers).</summary>
    public static byte[] Render(MetricRegistry registry, ExpositionFormat format)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        Write(registry, format, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteHistogram(IBufferWriter<byte> output, SeriesLines lines, Histogram histogram, Span<long> cumulative)
    {
        var sum = histogram.Snapshot(cumulative);
        for (var i = 0; i < lines.Buckets.Length; i++)
        {
            WriteLine(output, lines.Buckets[i], cumulative[i]);
        }

        WriteLine(output, lines.Sum, sum);
        WriteLine(output, lines.Sample, cumulative[lines.Buckets.Length - 1]);
    }

    private static void WriteLine(IBufferWriter<byte> output, byte[] prefix, long value)
    {
        var span = output.GetSpan(prefix.Length + MaxNumberLength);
        prefix.CopyTo(span);
        Utf8Formatter.TryFormat(value, span[prefix.Length..], out var written);
        span[prefix.Length + written] = (byte)'\n';
        output.Advance(prefix.Length + written + 1);
    }

    private static void WriteLine(IBufferWriter<byte> output, byte[] prefix, double value)
    {
        var span = output.GetSpan(prefix.Length + MaxNumberLength);
        prefix.CopyTo(span);
        var number = span[prefix.Length..];
        int written;
        if (double.IsNaN(value))
        {
            written = Copy("NaN"u8, number);
        }
        else if (double.IsInfinity(value))
        {
            written = Copy(value > 0 ? "+Inf"u8 : "-Inf"u8, number);
        }
        else
        {
            value.TryFormat(number, out written, "R", CultureInfo.InvariantCulture);
        }

        span[prefix.Length + written] = (byte)'\n';
        output.Advance(prefix.Length + written + 1);
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
