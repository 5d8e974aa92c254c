using Tomlyn;
using Tomlyn.Serialization;

namespace Icn.Node.Configuration;

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
        var walk = new Walk(source);
        try
        {
            var reader = TomlReader.Create(text, new TomlSerializerOptions());
            while (reader.Read())
            {
                walk.Take(reader);
            }
        }
        catch (TomlException e)
        {
            throw new ConfigException($"{source} is not valid TOML: {e.Message}");
        }

        return walk.Values;
    }

    /// <summary>The reader's tokens turned into dotted keys: where in the tables it is, and the array being read.</summary>
    private sealed class Walk(string source)
    {
        private readonly List<string> _path = [];
        private string? _property;
        private List<object>? _array;

        public Dictionary<string, RawValue> Values { get; } = new(StringComparer.Ordinal);

        public void Take(TomlReader reader)
        {
            switch (reader.TokenType)
            {
                case TomlTokenType.PropertyName:
                    _property = reader.PropertyName;
                    break;
                case TomlTokenType.StartTable:
                    StartTable(reader.Line);
                    break;
                case TomlTokenType.EndTable when _path.Count > 0:
                    _path.RemoveAt(_path.Count - 1);
                    break;
                case TomlTokenType.StartArray:
                    _array = _array is null ? [] : throw Refused(reader.Line, "holds nested arrays");
                    break;
                case TomlTokenType.EndArray:
                    Store(_array!, reader.Line);
                    _array = null;
                    _property = null;
                    break;
                case TomlTokenType.String or TomlTokenType.Integer or TomlTokenType.Float or TomlTokenType.Boolean or TomlTokenType.DateTime:
                    Value(ScalarOf(reader), reader.Line);
                    break;
            }
        }

        private void StartTable(int line)
        {
            if (_array is not null)
            {
                throw Refused(line, "holds tables; it takes plain values");
            }

            if (_property is not null)
            {
                _path.Add(_property);
                _property = null;
            }
        }

        private void Value(object value, int line)
        {
            if (_array is not null)
            {
                _array.Add(value);
                return;
            }

            Store(value, line);
            _property = null;
        }

        private static object ScalarOf(TomlReader reader) => reader.TokenType switch
        {
            TomlTokenType.String => reader.GetString()!,
            TomlTokenType.Integer => reader.GetInt64(),
            TomlTokenType.Float => reader.GetDouble(),
            TomlTokenType.Boolean => reader.GetBoolean(),
            _ => reader.GetTomlDateTime(),
        };

        private string Key => string.Join('.', _property is null ? _path : [.. _path, _property]);

        private ConfigException Refused(int line, string problem) => new($"{source} line {line}: key '{Key}' {problem}");

        private void Store(object value, int line)
        {
            if (!Values.TryAdd(Key, new RawValue(value, $"{source} line {line}", Typed: true)))
            {
                throw new ConfigException($"{source} line {line}: key '{Key}' is set twice");
            }
        }
    }
}
