using System.CommandLine;
using System.Globalization;
using Icn.Cli.Output;
using Icn.Core.Amounts;
using Icn.Rpc;

namespace Icn.Cli.Commands;

/// <summary>
/// <c>icnctl ledger currencies | create-currency | pay | balances | history | credit-limit | quarantine | integrity | repair</c>.
/// Amounts are typed and shown in the currency's major units ("2.50"); <c>--json</c> gives the node's minor units.
/// </summary>
internal static class LedgerCommands
{
    private static readonly Option<string> s_currency = new("--currency", "-c") { Description = "the currency's symbol, e.g. HOUR", Required = true };

    public static Command Create()
    {
        var ledger = new Command("ledger", "mutual-credit currencies, payments and balances");
        ledger.Subcommands.Add(Currencies());
        ledger.Subcommands.Add(CreateCurrency());
        ledger.Subcommands.Add(Pay());
        ledger.Subcommands.Add(Balances());
        ledger.Subcommands.Add(History());
        ledger.Subcommands.Add(CreditLimit());
        ledger.Subcommands.Add(QuarantineCommands.Create());
        ledger.Subcommands.Add(Integrity());
        ledger.Subcommands.Add(Repair());
        return ledger;
    }

    private static Command Currencies()
    {
        var command = new Command("currencies", "list the currencies this node holds") { CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result, (c, t) => c.CurrenciesAsync(t), RpcJson.Default.CurrencyViewArray, PrintCurrencies, ct));
        return command;
    }

    private static Command CreateCurrency()
    {
        var symbol = new Argument<string>("symbol") { Description = "1 to 12 of A-Z and 0-9, e.g. HOUR" };
        var decimals = new Option<int>("--decimals") { Description = "digits after the point (default 2)", DefaultValueFactory = _ => 2 };
        var description = new Option<string>("--description") { Description = "what one unit is" };
        var limit = new Option<string>("--default-limit") { Description = "how far below zero an account may go, in major units (default 0)" };
        var command = new Command("create-currency", "create a currency, with this node as its creator") { symbol, decimals, description, limit, CommonOptions.Json };
        command.SetAction((result, ct) =>
        {
            var places = result.GetValue(decimals);
            var defaultLimit = result.GetValue(limit) is { } text ? MinorUnits.Parse(text, Math.Clamp(places, 0, 18)) : 0;
            if (defaultLimit is null)
            {
                return Usage($"--default-limit '{result.GetValue(limit)}' is not an amount with at most {places} decimals");
            }

            var request = new CreateCurrencyParams(result.GetValue(symbol)!, places, result.GetValue(description), defaultLimit.Value);
            return RpcCommand.RunAsync(result, (c, t) => c.CreateCurrencyAsync(request, t), RpcJson.Default.CurrencyView, currency => PrintCurrencies([currency]), ct);
        });
        return command;
    }

    private static Command Pay()
    {
        var payee = new Argument<string>("payee") { Description = "the DID paid" };
        var amount = new Argument<string>("amount") { Description = "in major units, e.g. 2.50" };
        var memo = new Option<string>("--memo") { Description = "a note for the payee (at most 256 bytes of UTF-8)" };
        var command = new Command("pay", "pay another member from this node's account") { payee, amount, s_currency, memo, CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result, async (c, t) =>
        {
            var currency = await Currency(c, result.GetValue(s_currency)!, t);
            var minor = MinorUnits.Parse(result.GetValue(amount)!, currency.Decimals)
                ?? throw new RpcException(RpcErrorCodes.InvalidParams, $"'{result.GetValue(amount)}' is not an amount of {currency.Symbol} (at most {currency.Decimals} decimals)");
            var transfer = await c.PayAsync(new PayParams(currency.Symbol, result.GetValue(payee)!, minor, result.GetValue(memo)), t);
            return (transfer, currency.Decimals);
        }, RpcJson.Default.TransferView, paid => paid.transfer, paid => Console.WriteLine(
            $"paid {MinorUnits.Format(paid.transfer.Amount, paid.Decimals)} {paid.transfer.Currency} to {paid.transfer.Payee} (transfer {paid.transfer.Id}, sequence {paid.transfer.Sequence})"), ct));
        return command;
    }

    private static Command Balances()
    {
        var account = new Option<string>("--account") { Description = "only this DID" };
        var command = new Command("balances", "balances and credit limits of a currency's accounts") { s_currency, account, CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result, async (c, t) =>
        {
            var currency = await Currency(c, result.GetValue(s_currency)!, t);
            return (await c.BalancesAsync(new BalancesParams(currency.Symbol, result.GetValue(account)), t), currency.Decimals);
        }, RpcJson.Default.BalanceViewArray, shown => shown.Item1, shown => PrintBalances(shown.Item1, shown.Decimals), ct));
        return command;
    }

    private static Command History()
    {
        var account = new Option<string>("--account") { Description = "whose transfers (default: this node's)" };
        var currency = new Option<string>("--currency", "-c") { Description = "only this currency" };
        var command = new Command("history", "transfers of an account, oldest first") { account, currency, CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result, async (c, t) =>
        {
            var decimals = (await c.CurrenciesAsync(t)).ToDictionary(x => x.Symbol, x => x.Decimals);
            return (await c.HistoryAsync(new HistoryParams(result.GetValue(account), result.GetValue(currency)), t), decimals);
        }, RpcJson.Default.TransferViewArray, shown => shown.Item1, shown => Table.Print(Console.Out, ["TIME (UTC)", "CURRENCY", "AMOUNT", "PAYER", "PAYEE", "SEQ", "MEMO"],
            shown.Item1.Select(x => (IReadOnlyList<string>)[Time(x.TimestampMs), x.Currency, MinorUnits.Format(x.Amount, shown.decimals.GetValueOrDefault(x.Currency)),
                x.Payer, x.Payee, x.Sequence.ToString(CultureInfo.InvariantCulture), x.Memo])), ct));
        return command;
    }

    private static Command CreditLimit()
    {
        var account = new Argument<string>("account") { Description = "the DID whose limit changes" };
        var limit = new Argument<string>("limit") { Description = "how far below zero it may go, in major units" };
        var command = new Command("credit-limit", "set an account's credit limit (the currency's creator only)") { account, limit, s_currency, CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result, async (c, t) =>
        {
            var currency = await Currency(c, result.GetValue(s_currency)!, t);
            var minor = MinorUnits.Parse(result.GetValue(limit)!, currency.Decimals)
                ?? throw new RpcException(RpcErrorCodes.InvalidParams, $"'{result.GetValue(limit)}' is not an amount of {currency.Symbol} (at most {currency.Decimals} decimals)");
            return (await c.CreditLimitAsync(new CreditLimitParams(currency.Symbol, result.GetValue(account)!, minor), t), currency.Decimals);
        }, RpcJson.Default.BalanceViewArray, shown => shown.Item1, shown => PrintBalances(shown.Item1, shown.Decimals), ct));
        return command;
    }

    private static Command Integrity()
    {
        var command = new Command("integrity", "replay the stored journal and compare it with the live balances") { CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result, (c, t) => c.IntegrityAsync(t), RpcJson.Default.IntegrityView, report =>
        {
            Console.WriteLine(report.Ok ? $"ok: {report.Records} records, balances match the journal" : $"MISMATCH over {report.Records} records:");
            foreach (var difference in report.Differences)
            {
                Console.WriteLine($"  {difference}");
            }
        }, ct, failed: report => !report.Ok));
        return command;
    }

    private static Command Repair()
    {
        var command = new Command("repair", "set a damaged ledger.db aside and rebuild it from gossip.db and peers, or go on without damaged records no replica gave back") { CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result, (c, t) => c.RepairAsync(t), RpcJson.Default.RepairView,
            repair => Console.WriteLine($"{repair.Outcome}: {repair.Detail}"), ct));
        return command;
    }

    private static async Task<CurrencyView> Currency(RpcClient client, string symbol, CancellationToken cancellationToken) =>
        (await client.CurrenciesAsync(cancellationToken)).FirstOrDefault(c => c.Symbol == symbol)
            ?? throw new RpcException(RpcErrorCodes.Refused, $"currency '{symbol}' does not exist on this node (see icnctl ledger currencies)");

    private static void PrintCurrencies(CurrencyView[] currencies) =>
        Table.Print(Console.Out, ["SYMBOL", "DECIMALS", "DEFAULT LIMIT", "ACCOUNTS", "CREATOR", "DESCRIPTION"], currencies.Select(c => (IReadOnlyList<string>)
            [c.Symbol, c.Decimals.ToString(CultureInfo.InvariantCulture), MinorUnits.Format(c.DefaultCreditLimit, c.Decimals),
             c.Accounts.ToString(CultureInfo.InvariantCulture), c.Creator, c.Description]));

    private static void PrintBalances(BalanceView[] balances, int decimals) =>
        Table.Print(Console.Out, ["ACCOUNT", "CURRENCY", "BALANCE", "CREDIT LIMIT"], balances.Select(b => (IReadOnlyList<string>)
            [b.Account, b.Currency, MinorUnits.Format(b.Balance, decimals), MinorUnits.Format(b.CreditLimit, decimals)]));

    internal static string Time(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static Task<int> Usage(string message)
    {
        Console.Error.WriteLine($"icnctl: {message}");
        return Task.FromResult(CliProgram.BadUsage);
    }
}
