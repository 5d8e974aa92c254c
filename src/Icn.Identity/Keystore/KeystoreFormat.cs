using System.Buffers.Binary;
using Icn.Core.Identity;

namespace Icn.Identity.Keystore;

/// <summary>
/// The on-disk layout of a keystore, version 1 (documented in docs/keystore.md). All integers are
/// big-endian. The whole header, public key included, is the AEAD's associated data, so any change
/// to it makes decryption fail.
/// </summary>
internal static class KeystoreFormat
{
    public const ushort Version = 1;
    public const byte KdfArgon2id = 1;
    public const byte AeadXChaCha20Poly1305 = 1;
    public const int SaltLength = 16;
    public const int NonceLength = 24;
    public const int TagLength = 16;
    public const int CiphertextLength = 32 + TagLength;

    public static ReadOnlySpan<byte> Magic => "ICNKEYST"u8;

    // Field offsets.
    private const int VersionAt = 8;
    private const int KdfAt = 10;
    private const int MemoryAt = 11;
    private const int PassesAt = 15;
    private const int ParallelismAt = 19;
    private const int SaltAt = 20;
    private const int AeadAt = 36;
    private const int NonceAt = 37;
    private const int PublicKeyAt = 61;
    private const int CiphertextLengthAt = 93;
    public const int HeaderLength = 95;
    public const int FileLength = HeaderLength + CiphertextLength;

    /// <summary>The fields of a parsed header.</summary>
    public readonly record struct Header(KdfCost Cost, byte[] Salt, byte[] Nonce, Did Did);

    public static byte[] Write(Header header, ReadOnlySpan<byte> ciphertext)
    {
        var file = new byte[FileLength];
        WriteHeader(header, file);
        ciphertext.CopyTo(file.AsSpan(HeaderLength));
        return file;
    }

    public static void WriteHeader(Header header, Span<byte> file)
    {
        Magic.CopyTo(file);
        BinaryPrimitives.WriteUInt16BigEndian(file[VersionAt..], Version);
        file[KdfAt] = KdfArgon2id;
        BinaryPrimitives.WriteUInt32BigEndian(file[MemoryAt..], header.Cost.MemoryKiB);
        BinaryPrimitives.WriteUInt32BigEndian(file[PassesAt..], header.Cost.Passes);
        file[ParallelismAt] = 1;
        header.Salt.CopyTo(file[SaltAt..]);
        file[AeadAt] = AeadXChaCha20Poly1305;
        header.Nonce.CopyTo(file[NonceAt..]);
        header.Did.PublicKey.CopyTo(file[PublicKeyAt..]);
        BinaryPrimitives.WriteUInt16BigEndian(file[CiphertextLengthAt..], CiphertextLength);
    }

    /// <summary>Parses and checks the header; <paramref name="source"/> names the file in errors.</summary>
    public static Header Read(ReadOnlySpan<byte> file, string source)
    {
        if (file.Length < Magic.Length || !file[..Magic.Length].SequenceEqual(Magic))
        {
            throw Corrupt(source, "it does not start with the ICN keystore signature");
        }

        if (file.Length < HeaderLength)
        {
            throw Corrupt(source, $"it is truncated ({file.Length} of {FileLength} bytes)");
        }

        var version = BinaryPrimitives.ReadUInt16BigEndian(file[VersionAt..]);
        if (version != Version)
        {
            throw new KeystoreException(KeystoreError.UnsupportedVersion,
                $"keystore {source} has format version {version}; this build reads version {Version}");
        }

        if (file[KdfAt] != KdfArgon2id || file[AeadAt] != AeadXChaCha20Poly1305 || file[ParallelismAt] != 1
            || BinaryPrimitives.ReadUInt16BigEndian(file[CiphertextLengthAt..]) != CiphertextLength)
        {
            throw Corrupt(source, "its header names an unknown algorithm or size");
        }

        var cost = new KdfCost(BinaryPrimitives.ReadUInt32BigEndian(file[MemoryAt..]), BinaryPrimitives.ReadUInt32BigEndian(file[PassesAt..]));
        if (!cost.IsWithinBounds)
        {
            throw Corrupt(source, $"its key-derivation cost ({cost}) is outside the accepted range");
        }

        if (file.Length != FileLength)
        {
            throw Corrupt(source, file.Length < FileLength
                ? $"it is truncated ({file.Length} of {FileLength} bytes)"
                : $"it has {file.Length - FileLength} unexpected trailing bytes");
        }

        return new Header(cost, file.Slice(SaltAt, SaltLength).ToArray(), file.Slice(NonceAt, NonceLength).ToArray(),
            Did.FromPublicKey(file.Slice(PublicKeyAt, Did.PublicKeyLength)));
    }

    public static KeystoreException Corrupt(string source, string why) =>
        new(KeystoreError.Corrupt, $"keystore {source} is damaged: {why}");
}
