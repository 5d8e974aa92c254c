using System.Buffers;
using Icn.Core.Canonical;
using Icn.Core.Hashing;
using Icn.Core.Identity;
using Icn.Identity.Keys;

namespace Icn.Ledger.Records;

/// <summary>The kinds of ledger record; the first byte of a record's canonical encoding.</summary>
public enum RecordKind : byte
{
    Currency = 1,
    Transfer = 2,
    CreditLimit = 3,
}

/// <summary>
/// A signed ledger record. Its <see cref="Id"/> is SHA-256 over its canonical encoding without the
/// signature; <see cref="Signer"/> signs ASCII <c>icn-ledger-v1:</c> followed by that encoding. The
/// set is closed: every subtype is in this folder.
/// </summary>
public abstract record LedgerRecord
{
    private ContentHash? _id;

    protected LedgerRecord()
    {
    }

    /// <summary>
    /// Copies a record (for <c>with</c>) without its cached id: a copy may differ in any field, and the
    /// id of the copy is computed afresh when asked for.
    /// </summary>
    protected LedgerRecord(LedgerRecord original)
    {
        ArgumentNullException.ThrowIfNull(original);
        Signature = original.Signature;
    }

    /// <summary>Currency symbols: 1 to 12 of A-Z and 0-9.</summary>
    public const int MaxSymbolLength = 12;

    public const int MaxMemoBytes = 256;

    public const int MaxDescriptionBytes = 256;

    public const int SignatureLength = 64;

    private static ReadOnlySpan<byte> SigningPrefix => "icn-ledger-v1:"u8;

    public abstract RecordKind Kind { get; }

    /// <summary>Who must have signed: the payer of a transfer, the creator of a currency or limit.</summary>
    public abstract Did Signer { get; }

    /// <summary>The currency the record belongs to (and the gossip topic <c>ledger:&lt;symbol&gt;</c> it travels on).</summary>
    public abstract string Currency { get; }

    /// <summary>The signer's clock, milliseconds since the Unix epoch; part of the replay order.</summary>
    public abstract long TimestampMs { get; }

    public byte[] Signature { get; init; } = [];

    /// <summary>SHA-256 of the unsigned encoding, computed once per instance.</summary>
    public ContentHash Id => _id ??= ContentHash.Hash(UnsignedBytes());

    /// <summary>The canonical encoding without the signature.</summary>
    public byte[] UnsignedBytes()
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        var writer = new CanonicalWriter(buffer);
        writer.U8((byte)Kind);
        WriteBody(ref writer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The record as stored and sent: the canonical encoding, then the 64-byte signature.</summary>
    public byte[] Encode() => [.. UnsignedBytes(), .. Signature];

    public bool HasValidSignature() =>
        Signature.Length == SignatureLength && IdentityKeyPair.Verify(Signer, SigningBytes(), Signature);

    /// <summary>This record signed by <paramref name="key"/> (which must be the <see cref="Signer"/>).</summary>
    public LedgerRecord SignedBy(IdentityKeyPair key) =>
        key.Did == Signer ? this with { Signature = key.Sign(SigningBytes()) }
            : throw new ArgumentException($"{key.Did} cannot sign a record whose signer is {Signer}", nameof(key));

    /// <summary>Whether bytes are a ledger record, strictly encoded and signed by its signer: what gossip may carry on ledger topics.</summary>
    public static bool IsSound(byte[] bytes)
    {
        try
        {
            return Decode(bytes).HasValidSignature();
        }
        catch (Core.Canonical.DecodeException)
        {
            return false;
        }
    }

    /// <summary>Decodes a record; anything but the canonical form is a <see cref="DecodeException"/>.</summary>
    public static LedgerRecord Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        LedgerRecord record = (RecordKind)reader.U8() switch
        {
            RecordKind.Currency => CurrencyRecord.Read(ref reader),
            RecordKind.Transfer => TransferRecord.Read(ref reader),
            RecordKind.CreditLimit => CreditLimitRecord.Read(ref reader),
            var other => throw new DecodeException($"unknown ledger record kind {(byte)other}"),
        };
        var unsignedLength = bytes.Length - reader.Remaining;
        record = record with { Signature = reader.Fixed(SignatureLength).ToArray() };
        reader.End();
        record._id = ContentHash.Hash(bytes[..unsignedLength]);
        return record;
    }

    internal abstract void WriteBody(ref CanonicalWriter writer);

    private byte[] SigningBytes() => [.. SigningPrefix, .. UnsignedBytes()];

    private protected static Did ReadDid(ref CanonicalReader reader) => Did.FromPublicKey(reader.Fixed(Did.PublicKeyLength));
}
