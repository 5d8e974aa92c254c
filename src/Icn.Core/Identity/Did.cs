using System.Diagnostics.CodeAnalysis;
using Icn.Core.Multibase;

namespace Icn.Core.Identity;

/// <summary>
/// A node's decentralised identifier: <c>did:icn:z</c> followed by the base58btc encoding of the
/// raw 32-byte Ed25519 public key (no multicodec prefix, as in the original system).
/// </summary>
public sealed class Did : IEquatable<Did>
{
    /// <summary>Everything before the multibase payload.</summary>
    public const string Prefix = "did:icn:z";

    /// <summary>Length of an Ed25519 public key.</summary>
    public const int PublicKeyLength = 32;

    private readonly byte[] _publicKey;

    // Spelled out on first use: records decoded by the thousand are compared far more often than
    // printed, and base58 is the costliest part of decoding a DID.
    private string? _text;

    private Did(byte[] publicKey)
    {
        _publicKey = publicKey;
    }

    /// <summary>The Ed25519 public key this DID names.</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>Makes the DID of a 32-byte Ed25519 public key.</summary>
    public static Did FromPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeyLength)
        {
            throw new ArgumentException($"an Ed25519 public key has {PublicKeyLength} bytes, not {publicKey.Length}", nameof(publicKey));
        }

        return new Did(publicKey.ToArray());
    }

    /// <summary>Parses <c>did:icn:z…</c>; false when the prefix, alphabet or key length is wrong.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Did? did)
    {
        did = null;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal)
            || !Base58.TryDecode(text.AsSpan(Prefix.Length), out var key) || key.Length != PublicKeyLength)
        {
            return false;
        }

        did = new Did(key);
        return did.ToString() == text; // rejects non-canonical spellings of the same key
    }

    /// <summary>Parses a DID, throwing <see cref="FormatException"/> with the reason.</summary>
    public static Did Parse(string text) =>
        TryParse(text, out var did) ? did
            : throw new FormatException($"'{text}' is not a did:icn identifier (expected {Prefix} followed by base58btc of a 32-byte key)");

    public bool Equals(Did? other) => other is not null && _publicKey.AsSpan().SequenceEqual(other._publicKey);

    public override bool Equals(object? obj) => Equals(obj as Did);

    // Seeded per process, so keys chosen by a peer cannot be made to collide on purpose.
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_publicKey);
        return hash.ToHashCode();
    }

    public override string ToString() => _text ??= Prefix + Base58.Encode(_publicKey);

    public static bool operator ==(Did? left, Did? right) => Equals(left, right);

    public static bool operator !=(Did? left, Did? right) => !Equals(left, right);
}
