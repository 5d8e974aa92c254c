using Icn.Core.Identity;
using Icn.Ledger.Records;

namespace Icn.Ledger.Rules;

/// <summary>
/// Balances, limits and sequence numbers, as a replay of records leaves them. Every currency is
/// zero-sum: a transfer takes from the payer exactly what it gives the payee.
/// </summary>
public sealed class LedgerState
{
    private readonly Dictionary<string, CurrencyRecord> _currencies = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Currency, Did Account), long> _balances = [];
    private readonly Dictionary<(string Currency, Did Account), long> _limits = [];
    private readonly Dictionary<(string Currency, Did Payer), ulong> _lastSequence = [];

    public IReadOnlyDictionary<string, CurrencyRecord> Currencies => _currencies;

    /// <summary>Accounts (currency, DID) that have taken part in a transfer, with their balances in minor units.</summary>
    public IReadOnlyDictionary<(string Currency, Did Account), long> Balances => _balances;

    public long Balance(string currency, Did account) => _balances.GetValueOrDefault((currency, account));

    /// <summary>How far below zero the account may go, in minor units.</summary>
    public long CreditLimit(string currency, Did account) =>
        _limits.TryGetValue((currency, account), out var limit) ? limit
            : _currencies.TryGetValue(currency, out var definition) ? definition.DefaultCreditLimit : 0;

    /// <summary>The sequence number the payer's next transfer in this currency must carry.</summary>
    public ulong NextSequence(string currency, Did payer) => _lastSequence.GetValueOrDefault((currency, payer)) + 1;

    /// <summary>Why the record cannot apply now, or null when it can. Signatures are checked before replay.</summary>
    public RejectReason? Check(LedgerRecord record) => record switch
    {
        CurrencyRecord c => !ValidSymbol(c.Symbol) || c.Decimals > 18 || c.DefaultCreditLimit < 0 ? RejectReason.Invalid
            : _currencies.ContainsKey(c.Symbol) ? RejectReason.DuplicateCurrency
            : null,
        CreditLimitRecord l => l.Limit < 0 ? RejectReason.Invalid
            : !_currencies.TryGetValue(l.Symbol, out var currency) ? RejectReason.UnknownCurrency
            : currency.Creator != l.Creator ? RejectReason.NotCreator
            : null,
        TransferRecord t => t.Amount <= 0 || t.Payer == t.Payee ? RejectReason.Invalid
            : !_currencies.ContainsKey(t.Symbol) ? RejectReason.UnknownCurrency
            : t.Sequence != NextSequence(t.Symbol, t.Payer) ? RejectReason.Fork
            : Balance(t.Symbol, t.Payer) - t.Amount < -CreditLimit(t.Symbol, t.Payer) ? RejectReason.OverLimit
            : null,
        _ => RejectReason.Invalid,
    };

    /// <summary>Applies a record that <see cref="Check"/> accepted.</summary>
    public void Apply(LedgerRecord record)
    {
        switch (record)
        {
            case CurrencyRecord c:
                _currencies[c.Symbol] = c;
                break;
            case CreditLimitRecord l:
                _limits[(l.Symbol, l.Account)] = l.Limit;
                break;
            case TransferRecord t:
                _balances[(t.Symbol, t.Payer)] = Balance(t.Symbol, t.Payer) - t.Amount;
                _balances[(t.Symbol, t.Payee)] = Balance(t.Symbol, t.Payee) + t.Amount;
                _lastSequence[(t.Symbol, t.Payer)] = t.Sequence;
                break;
        }
    }

    public static bool ValidSymbol(string symbol) =>
        symbol.Length is > 0 and <= LedgerRecord.MaxSymbolLength && symbol.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9'));
}
