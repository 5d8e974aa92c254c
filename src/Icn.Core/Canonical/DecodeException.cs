namespace Icn.Core.Canonical;

/// <summary>Bytes that are not a valid canonical encoding; the session that sent them is closed.</summary>
public sealed class DecodeException(string message) : Exception(message);
