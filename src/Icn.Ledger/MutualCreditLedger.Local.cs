using Icn.Core.Amounts;
using Icn.Core.Canonical;
using Icn.Core.Identity;
using Icn.Identity.Keys;
using Icn.Ledger.Records;
using Icn.Ledger.Rules;
using Icn.Observability.Tracing;

namespace Icn.Ledger;

public sealed partial class MutualCreditLedger
{
    /// <summary>Creates a currency whose creator is <paramref name="creator"/>; completes once it is durable.</summary>
    public async Task<CurrencyRecord> CreateCurrencyAsync(IdentityKeyPair creator, string symbol, byte decimals, string description, long defaultCreditLimit) =>
        (CurrencyRecord)await Local(creator, now => new CurrencyRecord(symbol, decimals, description, defaultCreditLimit, creator.Did, now));

    /// <summary>Pays <paramref name="amount"/> minor units from <paramref name="payer"/> to <paramref name="payee"/>; completes once it is durable.</summary>
    public async Task<TransferRecord> PayAsync(IdentityKeyPair payer, Did payee, string currency, long amount, string memo)
    {
        using var span = NodeTracing.Start(NodeTracing.Pay, payer.Did.ToString())?.SetTag("icn.currency", currency);
        return (TransferRecord)await Local(payer, now => new TransferRecord(payer.Did, payee, currency, amount, memo,
            _replay.State.NextSequence(currency, payer.Did), now));
    }

    /// <summary>Sets an account's credit limit (only the currency's creator may); completes once it is durable.</summary>
    public async Task<CreditLimitRecord> SetCreditLimitAsync(IdentityKeyPair creator, string currency, Did account, long limit) =>
        (CreditLimitRecord)await Local(creator, now => new CreditLimitRecord(currency, account, limit, creator.Did, now));

    /// <summary>
    /// Validates a record made here against the current state, then signs and applies it, and queues it
    /// for the journal. The task completes when the record is durable (or fails with the reason).
    /// </summary>
    private Task<LedgerRecord> Local(IdentityKeyPair signer, Func<long, LedgerRecord> make)
    {
        var started = _time.GetTimestamp();
        Task<LedgerRecord> durable;
        bool lead;
        lock (_gate)
        {
            // A local record sorts after everything replayed (a later millisecond if the clock has not
            // moved), so it is appended, never a reason to replay the whole journal.
            var record = make(Math.Max(NowMs, _replay.LastTimestampMs + 1));
            if (_replay.State.Check(record) is { } reason)
            {
                return Refuse(record, reason);
            }

            if (Sign(record, signer, out var signed) is { } invalid)
            {
                return Refuse(record, invalid);
            }

            Apply([signed]);
            Account();
            _metrics.ApplyDuration.Record(_time.GetElapsedTime(started).TotalSeconds);
            durable = Journal(signed, out lead);
        }

        if (lead)
        {
            Flush();
        }

        return durable;
    }

    private Task<LedgerRecord> Refuse(LedgerRecord record, RejectReason reason)
    {
        _metrics.Rejected(reason);
        return Task.FromException<LedgerRecord>(new LedgerException(reason, Explain(record, reason)));
    }

    /// <summary>
    /// Signs the record; Invalid when it has no canonical encoding within its fields' limits (a memo over
    /// <see cref="LedgerRecord.MaxMemoBytes"/> bytes of UTF-8, say). The writer enforces the very limits the
    /// reader does, so a record signed here always decodes again, here and on every peer.
    /// </summary>
    private static RejectReason? Sign(LedgerRecord record, IdentityKeyPair signer, out LedgerRecord signed)
    {
        try
        {
            signed = record.SignedBy(signer);
            return null;
        }
        catch (EncodeException)
        {
            signed = record;
            return RejectReason.Invalid;
        }
    }

    /// <summary>Whether the record fails to encode: for the message only, on the refusal path.</summary>
    private static RejectReason? Unencodable(LedgerRecord record)
    {
        try
        {
            _ = record.Id;
            return null;
        }
        catch (EncodeException)
        {
            return RejectReason.Invalid;
        }
    }

    private string Explain(LedgerRecord record, RejectReason reason)
    {
        var state = _replay.State;
        return (record, reason) switch
        {
            (TransferRecord t, RejectReason.Invalid) when Unencodable(t) is not null => $"the memo is {Utf8(t.Memo)}; the limit is {LedgerRecord.MaxMemoBytes} bytes",
            (CurrencyRecord c, RejectReason.Invalid) when Unencodable(c) is not null => $"the description is {Utf8(c.Description)}; the limit is {LedgerRecord.MaxDescriptionBytes} bytes",
            (TransferRecord t, RejectReason.Invalid) when t.Payer == t.Payee => "a payer cannot pay itself",
            (TransferRecord t, RejectReason.Invalid) => $"the amount must be positive, not {t.Amount}",
            (_, RejectReason.UnknownCurrency) => $"currency '{record.Currency}' does not exist here",
            (TransferRecord t, RejectReason.OverLimit) =>
                $"paying {Major(t.Amount, t.Symbol)} would take {t.Payer} to {Major(state.Balance(t.Symbol, t.Payer) - t.Amount, t.Symbol)}, "
                + $"below its credit limit of {Major(-state.CreditLimit(t.Symbol, t.Payer), t.Symbol)}",
            (CurrencyRecord c, RejectReason.Invalid) => $"currency '{c.Symbol}' is invalid: the symbol must be 1 to 12 of A-Z and 0-9, decimals at most 18, the default limit not negative",
            (CurrencyRecord c, RejectReason.DuplicateCurrency) => $"currency '{c.Symbol}' exists already",
            (CreditLimitRecord l, RejectReason.NotCreator) => $"only the creator of '{l.Symbol}' may set its credit limits",
            (CreditLimitRecord, RejectReason.Invalid) => "a credit limit cannot be negative",
            _ => $"refused: {reason.Label()}",
        };
    }

    private static string Utf8(string text)
    {
        try
        {
            return $"{CanonicalWriter.Utf8Length(text)} bytes of UTF-8";
        }
        catch (EncodeException e)
        {
            return e.Message;
        }
    }

    /// <summary>An amount in minor units as people read it: "-10.00 HOUR" for -1000 of a 2-decimal currency.</summary>
    private string Major(long minor, string symbol) => $"{MinorUnits.Format(minor, _replay.State.Currencies[symbol].Decimals)} {symbol}";
}
