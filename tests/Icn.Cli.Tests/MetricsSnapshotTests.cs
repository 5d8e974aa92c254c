using Icn.Cli.Monitoring;

namespace Icn.Cli.Tests;

/// <summary>The Prometheus-text reader behind <c>icnctl top</c>: sums over label sets, and no line can crash it.</summary>
public sealed class MetricsSnapshotTests
{
    private static readonly DateTimeOffset s_at = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Samples_are_summed_over_their_label_sets()
    {
        var snapshot = MetricsSnapshot.Parse("""
            # HELP icn_network_errors_total Network errors by kind
            # TYPE icn_network_errors_total counter
            icn_network_errors_total{kind="decode"} 2
            icn_network_errors_total{kind="reset",x="a}b"} 3
            icn_system_uptime_seconds 42.5
            """, s_at);

        Assert.Equal(5, snapshot["icn_network_errors_total"]);
        Assert.Equal(42.5, snapshot["icn_system_uptime_seconds"]);
        Assert.Equal(0, snapshot["icn_not_there"]);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("{")]
    [InlineData("name{unclosed 1")]
    [InlineData("name NaN")]
    [InlineData("name +Inf")]
    [InlineData(" ")]
    public void A_line_that_is_not_a_sample_is_skipped(string line)
    {
        var snapshot = MetricsSnapshot.Parse($"{line}\nicn_ok_total 1\n", s_at);

        Assert.Equal(1, snapshot["icn_ok_total"]);
    }

    [Fact]
    public void A_rate_counts_a_reset_from_zero()
    {
        var before = MetricsSnapshot.Parse("icn_x_total 100\n", s_at);
        var after = MetricsSnapshot.Parse("icn_x_total 30\n", s_at.AddSeconds(10));

        Assert.Equal(3, after.Rate(before, "icn_x_total"));
    }
}
