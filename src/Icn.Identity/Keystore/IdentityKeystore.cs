using System.Security.Cryptography;
using Icn.Core.Identity;
using Icn.Identity.Keys;
using NSec.Cryptography;

namespace Icn.Identity.Keystore;

/// <summary>
/// The encrypted file that holds a node's identity key: Argon2id turns the passphrase into a key,
/// XChaCha20-Poly1305 seals the 32-byte seed. See docs/keystore.md for the byte layout.
/// </summary>
public sealed class IdentityKeystore(string path)
{
    /// <summary>File name of the keystore inside a data directory.</summary>
    public const string FileName = "identity.key";

    /// <summary>Full path of the keystore file.</summary>
    public string Path { get; } = path;

    /// <summary>The keystore of a data directory.</summary>
    public static IdentityKeystore InDataDirectory(string dataDirectory) => new(System.IO.Path.Combine(dataDirectory, FileName));

    /// <summary>Whether a keystore file exists.</summary>
    public bool Exists => File.Exists(Path);

    /// <summary>Reads the DID from the header without the passphrase.</summary>
    public Did ReadDid() => KeystoreFormat.Read(ReadFile(), Path).Did;

    /// <summary>Decrypts the key; throws <see cref="KeystoreException"/> with a one-line reason.</summary>
    public IdentityKeyPair Unlock(ReadOnlySpan<byte> passphrase) => Decrypt(ReadFile(), passphrase, Path);

    /// <summary>Checks that <paramref name="file"/> is a keystore the passphrase opens, returning its DID.</summary>
    public static Did Verify(ReadOnlySpan<byte> file, ReadOnlySpan<byte> passphrase, string source)
    {
        using var key = Decrypt(file, passphrase, source);
        return key.Did;
    }

    /// <summary>Encrypts <paramref name="key"/> and writes a new keystore; never replaces an existing one.</summary>
    public void Create(IdentityKeyPair key, ReadOnlySpan<byte> passphrase, KdfCost? cost = null)
    {
        if (Exists)
        {
            throw new KeystoreException(KeystoreError.AlreadyExists,
                $"an identity already exists at {Path} ({ReadDidOrUnknown()}); it is never overwritten");
        }

        WriteNew(Seal(key, passphrase, cost ?? KdfCost.Default), replace: false);
    }

    /// <summary>Replaces the keystore with <paramref name="file"/> bytes, atomically.</summary>
    public void Replace(byte[] file) => WriteNew(file, replace: true);

    /// <summary>Imports an existing keystore file's bytes where none exists yet.</summary>
    public void Import(byte[] file)
    {
        if (Exists)
        {
            throw new KeystoreException(KeystoreError.AlreadyExists,
                $"an identity already exists at {Path} ({ReadDidOrUnknown()}); move it away first");
        }

        WriteNew(file, replace: false);
    }

    /// <summary>Encrypts a key into the bytes of a keystore file.</summary>
    public static byte[] Seal(IdentityKeyPair key, ReadOnlySpan<byte> passphrase, KdfCost cost)
    {
        RequirePassphrase(passphrase);
        var header = new KeystoreFormat.Header(cost, RandomNumberGenerator.GetBytes(KeystoreFormat.SaltLength),
            RandomNumberGenerator.GetBytes(KeystoreFormat.NonceLength), key.Did);
        var headerBytes = new byte[KeystoreFormat.HeaderLength];
        KeystoreFormat.WriteHeader(header, headerBytes);

        Span<byte> seed = stackalloc byte[IdentityKeyPair.SeedLength];
        try
        {
            key.ExportSeed(seed);
            using var wrappingKey = DeriveWrappingKey(passphrase, header);
            var ciphertext = AeadAlgorithm.XChaCha20Poly1305.Encrypt(wrappingKey, header.Nonce, headerBytes, seed);
            return KeystoreFormat.Write(header, ciphertext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>Reads the raw file bytes, mapping a missing file to a clear error.</summary>
    public byte[] ReadFile()
    {
        try
        {
            return File.ReadAllBytes(Path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new KeystoreException(KeystoreError.NotFound, $"no identity at {Path}: run 'icnctl id init' to create one");
        }
    }

    private static IdentityKeyPair Decrypt(ReadOnlySpan<byte> file, ReadOnlySpan<byte> passphrase, string source)
    {
        RequirePassphrase(passphrase);
        var header = KeystoreFormat.Read(file, source);
        Span<byte> seed = stackalloc byte[IdentityKeyPair.SeedLength];
        try
        {
            using var wrappingKey = DeriveWrappingKey(passphrase, header);
            if (!AeadAlgorithm.XChaCha20Poly1305.Decrypt(wrappingKey, header.Nonce, file[..KeystoreFormat.HeaderLength],
                    file[KeystoreFormat.HeaderLength..], seed))
            {
                throw new KeystoreException(KeystoreError.WrongPassphrase,
                    $"wrong passphrase for keystore {source} (or the file was altered)");
            }

            var key = IdentityKeyPair.FromSeed(seed);
            if (key.Did != header.Did)
            {
                key.Dispose();
                throw KeystoreFormat.Corrupt(source, "its key does not match the DID in its header");
            }

            return key;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    private static Key DeriveWrappingKey(ReadOnlySpan<byte> passphrase, KeystoreFormat.Header header)
    {
        var kdf = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = 1,
            MemorySize = header.Cost.MemoryKiB,
            NumberOfPasses = header.Cost.Passes,
        });
        return kdf.DeriveKey(passphrase, header.Salt, AeadAlgorithm.XChaCha20Poly1305);
    }

    private static void RequirePassphrase(ReadOnlySpan<byte> passphrase)
    {
        if (passphrase.IsEmpty)
        {
            throw new KeystoreException(KeystoreError.Passphrase, "the passphrase is empty");
        }
    }

    private string ReadDidOrUnknown()
    {
        try
        {
            return ReadDid().ToString();
        }
        catch (KeystoreException)
        {
            return "unreadable";
        }
    }

    // Write to a private temporary file in the same directory, flush it to disk, then rename:
    // a crash leaves either the old keystore or the new one, never half of one.
    private void WriteNew(byte[] file, bool replace)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, Icn.Core.Files.PrivateFiles.DirectoryMode);
        }

        var temporary = System.IO.Path.Combine(directory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(file);
                stream.Flush(flushToDisk: true);
            }

            // Without overwrite the move refuses an existing target, so two racing inits cannot both win.
            File.Move(temporary, Path, overwrite: replace);
        }
        catch (IOException) when (!replace && File.Exists(Path))
        {
            throw new KeystoreException(KeystoreError.AlreadyExists, $"an identity already exists at {Path}; it is never overwritten");
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
