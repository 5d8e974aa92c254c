using Icn.Core.Identity;
using NSec.Cryptography;

namespace Icn.Identity.Keys;

/// <summary>A node's Ed25519 identity key pair. The private key stays in libsodium-managed memory.</summary>
public sealed class IdentityKeyPair : IDisposable
{
    /// <summary>Length of the private seed the keystore protects.</summary>
    public const int SeedLength = 32;

    /// <summary>Length of an Ed25519 signature.</summary>
    public const int SignatureLength = 64;

    private static readonly SignatureAlgorithm s_ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Key _key;

    private IdentityKeyPair(Key key)
    {
        _key = key;
        Did = Did.FromPublicKey(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>The DID of this key's public half.</summary>
    public Did Did { get; }

    /// <summary>Creates a fresh key from the operating system's random source.</summary>
    public static IdentityKeyPair Generate() =>
        new(Key.Create(s_ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextArchiving }));

    /// <summary>Re-creates a key from its 32-byte private seed.</summary>
    public static IdentityKeyPair FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedLength)
        {
            throw new ArgumentException($"an Ed25519 seed has {SeedLength} bytes", nameof(seed));
        }

        return new(Key.Import(s_ed25519, seed, KeyBlobFormat.RawPrivateKey,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextArchiving }));
    }

    /// <summary>Writes the private seed into <paramref name="destination"/>; callers must wipe it.</summary>
    public void ExportSeed(Span<byte> destination)
    {
        if (!_key.TryExport(KeyBlobFormat.RawPrivateKey, destination, out var written) || written != SeedLength)
        {
            throw new InvalidOperationException("the identity key could not be exported");
        }
    }

    /// <summary>Signs a message with the identity key.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message) => s_ed25519.Sign(_key, message);

    /// <summary>Checks an Ed25519 signature by the key a DID names.</summary>
    public static bool Verify(Did signer, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        var publicKey = PublicKey.Import(s_ed25519, signer.PublicKey, KeyBlobFormat.RawPublicKey);
        return s_ed25519.Verify(publicKey, message, signature);
    }

    public void Dispose() => _key.Dispose();
}
