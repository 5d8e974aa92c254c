namespace Icn.Core.Canonical;

/// <summary>A value that has no canonical encoding within its field's limits: refused before anything is signed or stored.</summary>
public sealed class EncodeException(string message) : Exception(message);
