using Icn.Gossip.Reconciliation;
using Icn.TestKit.Simulation;

namespace Icn.Gossip.Tests;

public sealed class ReconciliationTests(ITestOutputHelper output)
{
    private static readonly GossipOptions s_options = new();

    [Theory]
    [InlineData(1_000, 1)]
    [InlineData(100_000, 10)]
    [InlineData(100_000, 0)]
    [InlineData(20, 20)]
    public void Two_stores_differing_by_a_few_entries_find_exactly_the_difference(int size, int differences)
    {
        var (a, b, onlyA, onlyB) = ReconciliationExchange.Stores(size, differences, seed: size + differences);

        var result = ReconciliationExchange.Run(a, b, s_options, maxMessages: 100);

        Assert.Equal(onlyB.Order(), result.NeededByA.Order());
        Assert.Equal(onlyA.Order(), result.NeededByB.Order());
        output.WriteLine($"{size} entries, {differences} differences: {result.Messages} messages, {result.Bytes} bytes");
    }

    [Fact]
    public void Hundred_thousand_entries_differing_by_ten_reconcile_in_few_round_trips_and_under_16_KB()
    {
        var (a, b, _, _) = ReconciliationExchange.Stores(100_000, 10, seed: 5);

        var result = ReconciliationExchange.Run(a, b, s_options);

        output.WriteLine($"{result.Messages} messages ({(result.Messages + 1) / 2} round trips), {result.Bytes} bytes");
        Assert.True(result.Bytes < 16 * 1024, $"{result.Bytes} bytes");
        Assert.True(result.Messages <= 2 * (int)Math.Ceiling(Math.Log(100_000, s_options.ReconcileBranching)) + 2, $"{result.Messages} messages");
    }

    [Fact]
    public void An_empty_store_learns_every_id_of_a_full_one_within_the_message_budget()
    {
        var (full, _, _, _) = ReconciliationExchange.Stores(5_000, 0, seed: 9);

        var result = ReconciliationExchange.Run(new KeyIndex(), full, s_options, maxMessages: 100);

        Assert.Equal(5_000, result.NeededByA.Distinct().Count());
        Assert.True(result.LargestMessage < 2 * s_options.ReconcileMessageBytes, $"largest message {result.LargestMessage} bytes");
        output.WriteLine($"{result.Messages} messages, {result.Bytes} bytes, largest {result.LargestMessage}");
    }
}
