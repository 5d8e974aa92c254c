using Icn.Observability.Catalogue;
using Icn.Observability.Instruments;
using Icn.Observability.Registry;

namespace Icn.Observability.Tests;

/// <summary>The one mechanism that turns a module's enum into a closed label set.</summary>
public sealed class EnumLabelsTests
{
    private enum Reason
    {
        BadSignature,
        Fork,
        RateLimited,
    }

    private enum Sparse
    {
        One = 1,
        Two = 2,
    }

    [Fact]
    public void Members_become_snake_case_values_in_declaration_order()
    {
        Assert.Equal(["bad_signature", "fork", "rate_limited"], EnumLabels<Reason>.Values);
        Assert.Equal("rate_limited", EnumLabels<Reason>.Of(Reason.RateLimited));
        Assert.Equal(new LabelDefinition("reason", EnumLabels<Reason>.Values).AllowedValues, EnumLabels<Reason>.Label("reason").AllowedValues);
    }

    [Fact]
    public void An_enum_whose_members_do_not_count_from_zero_is_refused()
    {
        var error = Assert.Throws<TypeInitializationException>(() => EnumLabels<Sparse>.Values);
        Assert.Contains("numbered 0, 1, 2", error.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Counters_by_enum_count_each_member_in_its_own_series()
    {
        var family = new MetricDefinition("test", "icn_test_refused_total", MetricKind.Counter, "Refused", "meaning")
        {
            Labels = [new LabelDefinition("store", ["a", "b"]), EnumLabels<Reason>.Label("reason")],
        };
        var registry = new MetricRegistry([family]);
        var counters = new CountersBy<Reason>(registry, family, "b");

        counters[Reason.Fork].Increment();
        counters[Reason.Fork].Increment();

        Assert.Equal(2, registry.Counter(family, "b", "fork").Value);
        Assert.Equal(0, registry.Counter(family, "a", "fork").Value);
        Assert.Equal(0, registry.Counter(family, "b", "bad_signature").Value);
    }

    [Fact]
    public void A_module_adds_its_families_once_and_a_second_definition_of_a_name_is_refused()
    {
        var family = MetricDefinition.Counter("test", "icn_test_once_total", "Once", "meaning");
        var registry = new MetricRegistry();

        registry.Add([family]);
        registry.Add([family]);

        Assert.Single(registry.Families);
        Assert.Throws<ArgumentException>(() => registry.Add([MetricDefinition.Counter("test", "icn_test_once_total", "Other", "meaning")]));
    }
}
