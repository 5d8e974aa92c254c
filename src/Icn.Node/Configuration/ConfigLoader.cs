namespace Icn.Node.Configuration;

/// <summary>
/// Builds <see cref="NodeOptions"/> from defaults, then <c>icn.toml</c>, then <c>ICN_*</c> environment
/// variables, then flags; each layer overrides the one before. Any unknown key or ill-typed value is a
/// <see cref="ConfigException"/> naming it.
/// </summary>
public static class ConfigLoader
{
    /// <summary>The name of the configuration file looked for in the data directory.</summary>
    public const string DefaultFileName = "icn.toml";

    /// <param name="configFile">The <c>--config</c> path, or null to use <c>icn.toml</c> in the data directory if present.</param>
    /// <param name="flags">Flag values by setting key (only flags that were given).</param>
    /// <param name="environment">Reads an environment variable.</param>
    public static NodeOptions Load(string? configFile, IReadOnlyDictionary<string, string> flags, Func<string, string?> environment)
    {
        var layers = new Dictionary<string, RawValue>(StringComparer.Ordinal);
        foreach (var setting in Setting.All)
        {
            if (environment(setting.EnvironmentVariable) is { Length: > 0 } value)
            {
                layers[setting.Key] = new RawValue(value, $"environment variable {setting.EnvironmentVariable}");
            }

            if (flags.TryGetValue(setting.Key, out var flag))
            {
                layers[setting.Key] = new RawValue(flag, $"flag {setting.Flag}");
            }
        }

        // The file is found with the data directory from the higher layers, if it is not named outright.
        var file = configFile ?? environment("ICN_CONFIG");
        if (file is null)
        {
            var dataDirectory = layers.TryGetValue("data_dir", out var dir) && dir.Value is string text ? text : NodeOptions.DefaultDataDirectory;
            var candidate = Path.Combine(dataDirectory, DefaultFileName);
            file = File.Exists(candidate) ? candidate : null;
        }
        else if (!File.Exists(file))
        {
            throw new ConfigException($"config file {file} does not exist");
        }

        var fromFile = file is null ? [] : TomlSource.Read(file);
        foreach (var key in fromFile.Keys)
        {
            if (Setting.All.All(s => s.Key != key))
            {
                throw new ConfigException($"unknown key '{key}' ({fromFile[key].Origin}); known keys: {string.Join(", ", Setting.All.Select(s => s.Key))}");
            }
        }

        var options = new NodeOptions { DataDirectory = NodeOptions.DefaultDataDirectory };
        foreach (var setting in Setting.All)
        {
            if (layers.TryGetValue(setting.Key, out var value) || fromFile.TryGetValue(setting.Key, out value))
            {
                options = setting.Apply(options, value);
            }
        }

        Validate(options);
        return options;
    }

    /// <summary>Each module checks its own options once, here, so that a bad combination stops icnd before anything starts.</summary>
    private static void Validate(NodeOptions options)
    {
        try
        {
            options.Network.Validate();
            options.Gossip.Validate();
            options.Ledger.Validate();
            options.Trust.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ConfigException(e.Message);
        }
    }
}
