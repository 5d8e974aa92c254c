using System.Text.Json;
using Icn.Core.Amounts;
using Icn.Core.Hashing;
using Icn.Core.Identity;
using Icn.Identity.Keys;
using Icn.Ledger;
using Icn.Ledger.Records;
using Icn.Ledger.Rules;
using Icn.Node.Components;
using Icn.Rpc;

namespace Icn.Node.Rpc;

internal sealed partial class RpcDispatcher
{
    private MutualCreditLedger Books => Require(ledger.Ledger, "ledger", LedgerComponent.Name);

    private IdentityKeyPair Key => Require(identity.Key, "identity", "identity");

    private JsonElement Currencies()
    {
        var state = Books.State;
        var views = state.Currencies.Values.OrderBy(c => c.Symbol, StringComparer.Ordinal)
            .Select(c => NodeViews.Currency(c, state.Balances.Keys.Count(k => k.Currency == c.Symbol))).ToArray();
        return JsonSerializer.SerializeToElement(views, RpcJson.Default.CurrencyViewArray);
    }

    private async Task<JsonElement> CreateCurrencyAsync(CreateCurrencyParams request)
    {
        if (request.Decimals is < 0 or > 18)
        {
            throw new RpcException(RpcErrorCodes.InvalidParams, "bad params: decimals must be from 0 to 18");
        }

        await ledger.WaitCaughtUpAsync();
        var currency = await Refused(() => Books.CreateCurrencyAsync(Key, request.Symbol, (byte)request.Decimals, request.Description ?? "", request.DefaultCreditLimit));
        return JsonSerializer.SerializeToElement(NodeViews.Currency(currency, 0), RpcJson.Default.CurrencyView);
    }

    private async Task<JsonElement> PayAsync(PayParams request)
    {
        var payee = ParseDid(request.Payee, "payee");
        await ledger.WaitCaughtUpAsync();
        var transfer = await Refused(() => Books.PayAsync(Key, payee, request.Currency, request.Amount, request.Memo ?? ""));
        return JsonSerializer.SerializeToElement(View(transfer), RpcJson.Default.TransferView);
    }

    private JsonElement Balances(BalancesParams request)
    {
        var state = Books.State;
        if (!state.Currencies.ContainsKey(request.Currency))
        {
            throw new RpcException(RpcErrorCodes.Refused, $"currency '{request.Currency}' does not exist here");
        }

        var accounts = request.Account is { } text ? [ParseDid(text, "account")]
            : state.Balances.Keys.Where(k => k.Currency == request.Currency).Select(k => k.Account).ToArray();
        var views = accounts.OrderBy(a => a.ToString(), StringComparer.Ordinal)
            .Select(a => Balance(state, request.Currency, a)).ToArray();
        return JsonSerializer.SerializeToElement(views, RpcJson.Default.BalanceViewArray);
    }

    private JsonElement History(HistoryParams request)
    {
        var account = request.Account is { } text ? ParseDid(text, "account") : Key.Did;
        var transfers = Books.History(account, request.Currency).Select(View).ToArray();
        return JsonSerializer.SerializeToElement(transfers, RpcJson.Default.TransferViewArray);
    }

    private async Task<JsonElement> CreditLimitAsync(CreditLimitParams request)
    {
        var account = ParseDid(request.Account, "account");
        await ledger.WaitCaughtUpAsync();
        await Refused(() => Books.SetCreditLimitAsync(Key, request.Currency, account, request.Limit));
        return Balances(new BalancesParams(request.Currency, request.Account));
    }

    private JsonElement Quarantine() =>
        JsonSerializer.SerializeToElement(Books.Quarantine().Select(View).ToArray(), RpcJson.Default.QuarantineViewArray);

    private JsonElement QuarantineGet(RecordParams request)
    {
        var id = ParseId(request.Id);
        var entry = Books.Quarantine().FirstOrDefault(q => q.Id == id)
            ?? throw new RpcException(RpcErrorCodes.Refused, $"record {request.Id} is not in quarantine (list them with ledger.quarantine)");
        var fields = entry.Record switch
        {
            TransferRecord t => new Dictionary<string, string>
            {
                ["currency"] = t.Symbol,
                ["payer"] = t.Payer.ToString(),
                ["payee"] = t.Payee.ToString(),
                ["amount"] = Text(t.Amount),
                ["memo"] = t.Memo,
                ["sequence"] = Text((long)t.Sequence),
                ["timestamp_ms"] = Text(t.SentMs),
            },
            CurrencyRecord c => new Dictionary<string, string>
            {
                ["symbol"] = c.Symbol,
                ["decimals"] = Text(c.Decimals),
                ["description"] = c.Description,
                ["default_credit_limit"] = Text(c.DefaultCreditLimit),
                ["creator"] = c.Creator.ToString(),
                ["timestamp_ms"] = Text(c.CreatedMs),
            },
            CreditLimitRecord l => new Dictionary<string, string>
            {
                ["currency"] = l.Symbol,
                ["account"] = l.Account.ToString(),
                ["limit"] = Text(l.Limit),
                ["creator"] = l.Creator.ToString(),
                ["timestamp_ms"] = Text(l.TimestampMs),
            },
            _ => [],
        };
        if (entry.Record is { } record)
        {
            fields["signature_valid"] = record.HasValidSignature() ? "true" : "false";
        }

        return JsonSerializer.SerializeToElement(new QuarantineDetail(View(entry), fields, Convert.ToBase64String(entry.Bytes)), RpcJson.Default.QuarantineDetail);
    }

    private static string Text(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static QuarantineView View(QuarantineEntry q) =>
        new(q.Id.ToString(), q.Reason, q.Record?.Kind.ToString().ToLowerInvariant() ?? "unreadable",
            q.Record switch
            {
                TransferRecord t => $"{t.Payer} pays {t.Payee} {t.Amount} {t.Symbol} (sequence {t.Sequence})",
                CurrencyRecord c => $"{c.Creator} creates {c.Symbol}",
                CreditLimitRecord l => $"{l.Creator} sets the {l.Symbol} limit of {l.Account} to {l.Limit}",
                _ => "",
            }, q.SinceMs);

    private JsonElement QuarantineDrop(RecordParams request)
    {
        var id = ParseId(request.Id);
        if (!Books.Drop(id))
        {
            throw new RpcException(RpcErrorCodes.Refused, $"record {request.Id} is not in quarantine");
        }

        return JsonSerializer.SerializeToElement(new RecordOutcome(request.Id, "dropped"), RpcJson.Default.RecordOutcome);
    }

    private JsonElement QuarantineRelease(RecordParams request)
    {
        var id = ParseId(request.Id);
        if (Books.Quarantine().All(q => q.Id != id))
        {
            throw new RpcException(RpcErrorCodes.Refused, $"record {request.Id} is not in quarantine (list them with ledger.quarantine)");
        }

        var outcome = Books.Release(id);
        return JsonSerializer.SerializeToElement(new RecordOutcome(request.Id, outcome.ToString().ToLowerInvariant()), RpcJson.Default.RecordOutcome);
    }

    private JsonElement Integrity()
    {
        var report = Books.CheckIntegrity();
        return JsonSerializer.SerializeToElement(new IntegrityView(report.Ok, report.Records, report.Differences), RpcJson.Default.IntegrityView);
    }

    private static async Task<T> Refused<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (LedgerException e)
        {
            throw new RpcException(RpcErrorCodes.Refused, e.Message);
        }
    }

    private static Did ParseDid(string text, string name) =>
        Did.TryParse(text, out var did) ? did : throw new RpcException(RpcErrorCodes.InvalidParams, $"bad params: {name} '{text}' is not a DID");

    private static ContentHash ParseId(string text) =>
        ContentHash.TryParse(text, out var id) ? id : throw new RpcException(RpcErrorCodes.InvalidParams, $"bad params: '{text}' is not a record id (64 hexadecimal digits)");

    private TransferView View(TransferRecord t) =>
        new(t.Id.ToString(), t.Symbol, t.Payer.ToString(), t.Payee.ToString(), t.Amount, t.Memo, t.Sequence, t.SentMs, Decimal(t.Amount, t.Symbol));

    private static BalanceView Balance(LedgerState state, string currency, Did account)
    {
        var (balance, limit, decimals) = (state.Balance(currency, account), state.CreditLimit(currency, account), state.Currencies[currency].Decimals);
        return new BalanceView(currency, account.ToString(), balance, limit, MinorUnits.Format(balance, decimals), MinorUnits.Format(limit, decimals));
    }

    /// <summary>The amount as people write it, in the currency's decimals (null for a currency this node does not hold).</summary>
    private string? Decimal(long amount, string currency) =>
        Books.State.Currencies.TryGetValue(currency, out var c) ? MinorUnits.Format(amount, c.Decimals) : null;
}
