using Tomlyn;
using Tomlyn.Serialization;

namespace Icn.Node.Configuration;

/// <summary>A value found in configuration, with where it came from for error messages.</summary>
/// <summary>
/// A setting's value as given, and where from. <see cref="Typed"/> values come from TOML with their own
/// types (a list is an array there); untyped ones are text from the environment or a flag.
/// </summary>
public sealed record RawValue(object Value, string Origin, bool Typed = false);

/// <summary>Reads <c>icn.toml</c> into dotted keys (<c>metrics.addr</c>) with their typed values and lines.</summary>
public static class TomlSource
{
    public static Dictionary<string, RawValue> Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"config file {path} cannot be read: {e.Message}");
        }

        return Parse(text, path);
    }

    public static Dictionary<string, RawValue> Parse(string text, string source)
    {
        var values = new Dictionary<string, RawValue>(StringComparer.Ordinal);
        var path = new List<string>();
        string? property = null;
        List<object>? array = null;
        var arrayDepth = 0;
        try
        {
            var reader = TomlReader.Create(text, new TomlSerializerOptions());
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case TomlTokenType.PropertyName:
                        property = reader.PropertyName;
                        break;
                    case TomlTokenType.StartTable when property is not null && array is null:
                        path.Add(property);
                        property = null;
                        break;
                    case TomlTokenType.StartTable when array is not null:
                        throw new ConfigException($"{source} line {reader.Line}: key '{Key(path, property)}' holds tables; it takes plain values");
                    case TomlTokenType.EndTable when path.Count > 0:
                        path.RemoveAt(path.Count - 1);
                        break;
                    case TomlTokenType.StartArray:
                        if (array is not null)
                        {
                            throw new ConfigException($"{source} line {reader.Line}: key '{Key(path, property)}' holds nested arrays");
                        }

                        array = [];
                        arrayDepth++;
                        break;
                    case TomlTokenType.EndArray:
                        arrayDepth--;
                        Store(values, Key(path, property), array!, $"{source} line {reader.Line}");
                        array = null;
                        property = null;
                        break;
                    case TomlTokenType.String or TomlTokenType.Integer or TomlTokenType.Float or TomlTokenType.Boolean or TomlTokenType.DateTime:
                        object value = reader.TokenType switch
                        {
                            TomlTokenType.String => reader.GetString(),
                            TomlTokenType.Integer => reader.GetInt64(),
                            TomlTokenType.Float => reader.GetDouble(),
                            TomlTokenType.Boolean => reader.GetBoolean(),
                            _ => reader.GetTomlDateTime(),
                        };
                        if (array is not null)
                        {
                            array.Add(value);
                        }
                        else
                        {
                            Store(values, Key(path, property), value, $"{source} line {reader.Line}");
                            property = null;
                        }

                        break;
                }
            }
        }
        catch (TomlException e)
        {
            throw new ConfigException($"{source} is not valid TOML: {e.Message}");
        }

        return values;
    }

    private static string Key(List<string> path, string? property) =>
        string.Join('.', property is null ? path : [.. path, property]);

    private static void Store(Dictionary<string, RawValue> values, string key, object value, string origin)
    {
        if (!values.TryAdd(key, new RawValue(value, origin, Typed: true)))
        {
            throw new ConfigException($"{origin}: key '{key}' is set twice");
        }
    }
}
