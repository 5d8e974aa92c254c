using Icn.Core.Canonical;
using Icn.Core.Identity;

namespace Icn.Ledger.Records;

/// <summary>
/// Creates a mutual-credit currency. Amounts are whole minor units; <see cref="Decimals"/> says how many
/// of them make a major unit. Accounts may go as far below zero as <see cref="DefaultCreditLimit"/>
/// (minor units) unless the creator sets a limit for them.
/// </summary>
public sealed record CurrencyRecord(string Symbol, byte Decimals, string Description, long DefaultCreditLimit, Did Creator, long CreatedMs) : LedgerRecord
{
    public override RecordKind Kind => RecordKind.Currency;

    public override Did Signer => Creator;

    public override string Currency => Symbol;

    public override long TimestampMs => CreatedMs;

    internal override void WriteBody(ref CanonicalWriter writer)
    {
        writer.String(Symbol, MaxSymbolLength);
        writer.U8(Decimals);
        writer.String(Description, MaxDescriptionBytes);
        writer.I64(DefaultCreditLimit);
        writer.Fixed(Creator.PublicKey);
        writer.I64(CreatedMs);
    }

    internal static CurrencyRecord Read(ref CanonicalReader reader) =>
        new(reader.String(MaxSymbolLength), reader.U8(), reader.String(MaxDescriptionBytes), reader.I64(), ReadDid(ref reader), reader.I64());
}
