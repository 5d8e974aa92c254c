using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Icn.Node.Logging;

/// <summary>
/// <c>log_format = "json"</c>: one object per line, with the fields a log shipper indexes (time, level, event id,
/// category, component, message, trace and span ids) and the event's own values under <c>fields</c>. An exception
/// is its type and message, never its stack.
/// </summary>
internal sealed class JsonLineFormatter() : ConsoleFormatter(FormatName)
{
    public const string FormatName = "icn-json";

    private const string OriginalFormat = "{OriginalFormat}";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("level", LogLevelNames.Name(logEntry.LogLevel));
            json.WriteNumber("event_id", logEntry.EventId.Id);
            if (logEntry.EventId.Name is { } name)
            {
                json.WriteString("event", name);
            }

            json.WriteString("category", logEntry.Category);
            json.WriteString("component", LogComponents.Of(logEntry.Category));
            json.WriteString("message", message);
            WriteTrace(json);
            WriteFields(json, logEntry.State as IReadOnlyList<KeyValuePair<string, object?>>);
            if (logEntry.Exception is { } exception)
            {
                json.WriteString("exception", $"{exception.GetType().Name}: {exception.Message}");
            }

            json.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write('\n');
    }

    /// <summary>The span the event was logged in, if any (the formatter runs on the logging call's own thread).</summary>
    private static void WriteTrace(Utf8JsonWriter json)
    {
        if (Activity.Current is { } activity)
        {
            json.WriteString("trace_id", activity.TraceId.ToHexString());
            json.WriteString("span_id", activity.SpanId.ToHexString());
        }
    }

    private static void WriteFields(Utf8JsonWriter json, IReadOnlyList<KeyValuePair<string, object?>>? state)
    {
        if (state is null || state.All(pair => pair.Key == OriginalFormat))
        {
            return;
        }

        json.WriteStartObject("fields");
        foreach (var (key, value) in state.Where(pair => pair.Key != OriginalFormat))
        {
            switch (value)
            {
                case null:
                    json.WriteNull(key);
                    break;
                case bool flag:
                    json.WriteBoolean(key, flag);
                    break;
                case int or long or short or byte or uint:
                    json.WriteNumber(key, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case ulong whole:
                    json.WriteNumber(key, whole);
                    break;
                case double real when double.IsFinite(real):
                    json.WriteNumber(key, real);
                    break;
                case decimal exact:
                    json.WriteNumber(key, exact);
                    break;
                default:
                    json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }

        json.WriteEndObject();
    }
}
