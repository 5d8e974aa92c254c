using Icn.Core.Canonical;
using Icn.Core.Identity;

namespace Icn.Ledger.Records;

/// <summary>Sets how far below zero <see cref="Account"/> may go in a currency; only the currency's creator may sign it.</summary>
public sealed record CreditLimitRecord(string Symbol, Did Account, long Limit, Did Creator, long SetMs) : LedgerRecord
{
    public override RecordKind Kind => RecordKind.CreditLimit;

    public override Did Signer => Creator;

    public override string Currency => Symbol;

    public override long TimestampMs => SetMs;

    internal override void WriteBody(ref CanonicalWriter writer)
    {
        writer.String(Symbol, MaxSymbolLength);
        writer.Fixed(Account.PublicKey);
        writer.I64(Limit);
        writer.Fixed(Creator.PublicKey);
        writer.I64(SetMs);
    }

    internal static CreditLimitRecord Read(ref CanonicalReader reader) =>
        new(reader.String(MaxSymbolLength), ReadDid(ref reader), reader.I64(), ReadDid(ref reader), reader.I64());
}
