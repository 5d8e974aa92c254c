namespace Icn.Node.Configuration;

/// <summary>Bad configuration: names the key, the value's origin and what was expected. Exit code 2.</summary>
public sealed class ConfigException(string message) : Exception(message);
