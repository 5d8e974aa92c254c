using Icn.Core.Canonical;
using Icn.Core.Identity;

namespace Icn.Ledger.Records;

/// <summary>
/// A payment of <see cref="Amount"/> minor units from <see cref="Payer"/> to <see cref="Payee"/>, signed by
/// the payer. <see cref="Sequence"/> numbers the payer's transfers in this currency from 1, without gaps.
/// </summary>
public sealed record TransferRecord(Did Payer, Did Payee, string Symbol, long Amount, string Memo, ulong Sequence, long SentMs) : LedgerRecord
{
    public override RecordKind Kind => RecordKind.Transfer;

    public override Did Signer => Payer;

    public override string Currency => Symbol;

    public override long TimestampMs => SentMs;

    internal override void WriteBody(ref CanonicalWriter writer)
    {
        writer.Fixed(Payer.PublicKey);
        writer.Fixed(Payee.PublicKey);
        writer.String(Symbol, MaxSymbolLength);
        writer.I64(Amount);
        writer.String(Memo, MaxMemoBytes);
        writer.U64(Sequence);
        writer.I64(SentMs);
    }

    internal static TransferRecord Read(ref CanonicalReader reader) =>
        new(ReadDid(ref reader), ReadDid(ref reader), reader.String(MaxSymbolLength), reader.I64(), reader.String(MaxMemoBytes), reader.U64(), reader.I64());
}
