using CsCheck;
using Icn.Core.Identity;
using Icn.Identity.Keys;
using Icn.Ledger.Records;
using Icn.Ledger.Rules;

namespace Icn.Ledger.Tests;

/// <summary>
/// Random mixes of valid, invalid and forked records, delivered to several replicas in different
/// orders and batches, end in the same state everywhere, with every invariant of mutual credit held.
/// </summary>
public sealed class ReplicationPropertyTests
{
    private static readonly IdentityKeyPair[] s_members = [.. Enumerable.Range(1, 4).Select(i => IdentityKeyPair.FromSeed(Enumerable.Repeat((byte)i, 32).ToArray()))];

    /// <summary>One generated step: who pays whom, how much, and what goes wrong with it.</summary>
    private sealed record Step(int Payer, int Payee, int Currency, long Amount, int Twist, int Gap);

    private static readonly Gen<Step> s_step = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 1], Gen.Long[-5, 90], Gen.Int[0, 19], Gen.Int[0, 600],
        (payer, payee, currency, amount, twist, gap) => new Step(payer, payee, currency, amount, twist, gap));

    [Fact]
    public void Any_arrival_order_gives_the_same_balances_and_every_invariant_holds()
    {
        Gen.Select(s_step.List[1, 60], Gen.Int[0, int.MaxValue]).Sample((steps, shuffleSeed) =>
        {
            var records = Records(steps);
            var reference = Replay.Run(records);
            var random = new Random(shuffleSeed);
            for (var replica = 0; replica < 3; replica++)
            {
                var replayed = Deliver(records.OrderBy(_ => random.Next()).ToList(), random);
                Assert.Equal(Snapshot(reference.State), Snapshot(replayed.State));
                Assert.Equal(reference.Outcomes.OrderBy(o => o.Key), replayed.Outcomes.OrderBy(o => o.Key));
            }

            AssertInvariants(reference);
        }, iter: 300, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Fork_keeps_the_same_transfer_everywhere_and_rejects_the_other()
    {
        var (hour, _) = Currencies(1_000);
        var a = Transfer(0, 1, "HOUR", 10, 1, 2_000);
        var b = Transfer(0, 2, "HOUR", 20, 1, 2_000);

        var one = Replay.Run([hour, a, b]);
        var two = Replay.Run([b, hour, a]);

        Assert.Equal(Snapshot(one.State), Snapshot(two.State));
        var winner = a.Id.CompareTo(b.Id) < 0 ? a : b;
        var loser = winner == a ? b : a;
        Assert.Equal((RecordStatus.Applied, (RejectReason?)null), one.Outcomes[winner.Id]);
        Assert.Equal((RecordStatus.Rejected, RejectReason.Fork), one.Outcomes[loser.Id]);
    }

    [Fact]
    public void A_later_sequence_waits_until_the_gap_fills()
    {
        var (hour, _) = Currencies(1_000);
        var second = Transfer(0, 1, "HOUR", 5, 2, 2_000);
        var first = Transfer(0, 1, "HOUR", 5, 1, 3_000);

        var waiting = Replay.Run([hour, second]);
        var filled = Replay.Run([hour, second, first]);

        Assert.Equal(RecordStatus.Pending, waiting.Outcomes[second.Id].Status);
        Assert.Equal(RecordStatus.Applied, filled.Outcomes[second.Id].Status);
        Assert.Equal(-10, filled.State.Balance("HOUR", s_members[0].Did));
    }

    /// <summary>Delivers records one batch at a time as a node would: append when possible, else replay all received.</summary>
    private static Replay Deliver(List<LedgerRecord> order, Random random)
    {
        var received = new List<LedgerRecord>();
        var replay = Replay.Run([]);
        for (var i = 0; i < order.Count;)
        {
            var batch = order.Skip(i).Take(random.Next(1, 5)).ToList();
            i += batch.Count;
            received.AddRange(batch);
            if (!batch.OrderBy(r => r.TimestampMs).ThenBy(r => r.Id).All(replay.TryAppend))
            {
                replay = Replay.Run(received);
            }
        }

        return replay;
    }

    private static void AssertInvariants(Replay replay)
    {
        var state = replay.State;
        foreach (var currency in state.Currencies.Keys)
        {
            Assert.Equal(0, state.Balances.Where(b => b.Key.Currency == currency).Sum(b => b.Value));
        }

        // Walk the history independently: no transfer took its payer below the limit in force at that moment.
        var defaults = state.Currencies.ToDictionary(c => c.Key, c => c.Value.DefaultCreditLimit);
        var limits = new Dictionary<(string, Did), long>();
        var balances = new Dictionary<(string, Did), long>();
        foreach (var record in replay.Applied)
        {
            if (record is CreditLimitRecord l)
            {
                limits[(l.Symbol, l.Account)] = l.Limit;
            }
            else if (record is TransferRecord t)
            {
                var after = balances.GetValueOrDefault((t.Symbol, t.Payer)) - t.Amount;
                Assert.True(after >= -limits.GetValueOrDefault((t.Symbol, t.Payer), defaults[t.Symbol]), $"{t.Payer} went to {after} in {t.Symbol}");
                balances[(t.Symbol, t.Payer)] = after;
                balances[(t.Symbol, t.Payee)] = balances.GetValueOrDefault((t.Symbol, t.Payee)) + t.Amount;
            }
        }

        Assert.Equal(balances.Where(b => b.Value != 0).OrderBy(b => b.Key.ToString()), state.Balances.Where(b => b.Value != 0).OrderBy(b => b.Key.ToString()));

        Assert.All(replay.Outcomes.Values.Where(o => o.Status == RecordStatus.Rejected), o => Assert.NotNull(o.Reason));
    }

    private static List<LedgerRecord> Records(List<Step> steps)
    {
        var (hour, food) = Currencies(1_000);
        var records = new List<LedgerRecord> { hour, food };
        var sequences = new ulong[4, 2];
        var time = 2_000L;
        foreach (var step in steps)
        {
            time += step.Gap;
            var symbol = step.Currency == 0 ? "HOUR" : "FOOD";
            if (step.Twist == 0)
            {
                // The creator (or, every other time, an outsider) changes a limit.
                var creator = step.Currency == 0 ? 0 : 1;
                var signer = step.Payer % 2 == 0 ? creator : (creator + 1) % 4;
                records.Add(new CreditLimitRecord(symbol, s_members[step.Payee].Did, step.Amount, s_members[signer].Did, time).SignedBy(s_members[signer]));
                continue;
            }

            var sequence = step.Twist switch
            {
                1 => Math.Max(1, sequences[step.Payer, step.Currency]), // a fork or replay of the last sequence
                2 => sequences[step.Payer, step.Currency] + 2,          // a gap
                _ => ++sequences[step.Payer, step.Currency],
            };
            records.Add(Transfer(step.Payer, step.Payee, step.Twist == 3 ? "NONE" : symbol, step.Amount, sequence, time));
        }

        return [.. records.DistinctBy(r => r.Id)];
    }

    private static (CurrencyRecord Hour, CurrencyRecord Food) Currencies(long at) =>
        ((CurrencyRecord)new CurrencyRecord("HOUR", 2, "hours of work", 100, s_members[0].Did, at).SignedBy(s_members[0]),
         (CurrencyRecord)new CurrencyRecord("FOOD", 0, "food basket points", 50, s_members[1].Did, at + 1).SignedBy(s_members[1]));

    private static TransferRecord Transfer(int payer, int payee, string symbol, long amount, ulong sequence, long at) =>
        (TransferRecord)new TransferRecord(s_members[payer].Did, s_members[payee].Did, symbol, amount, "", sequence, at).SignedBy(s_members[payer]);

    private static string Snapshot(LedgerState state) =>
        string.Join(';', state.Balances.OrderBy(b => b.Key.Currency, StringComparer.Ordinal).ThenBy(b => b.Key.Account.ToString(), StringComparer.Ordinal)
            .Select(b => $"{b.Key.Currency}/{b.Key.Account}={b.Value}"));
}
