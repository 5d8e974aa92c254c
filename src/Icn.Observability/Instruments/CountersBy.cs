using Icn.Observability.Catalogue;
using Icn.Observability.Registry;

namespace Icn.Observability.Instruments;

/// <summary>
/// One counter per member of <typeparamref name="TEnum"/>, for a family whose last label is that enum
/// (<see cref="EnumLabels{TEnum}"/>): counting a reason or a kind is an array index, with no lookup or string.
/// </summary>
public sealed class CountersBy<TEnum>
    where TEnum : struct, Enum
{
    private readonly Counter[] _counters;

    /// <param name="registry">The node's registry.</param>
    /// <param name="definition">The family; its last label takes the enum's values.</param>
    /// <param name="leadingLabels">Values of the labels before it, fixed for this set (a store's name, say).</param>
    public CountersBy(MetricRegistry registry, MetricDefinition definition, params string[] leadingLabels)
    {
        _counters = [.. EnumLabels<TEnum>.Values.Select(value => registry.Counter(definition, [.. leadingLabels, value]))];
    }

    public Counter this[TEnum value] => _counters[EnumLabels<TEnum>.Index(value)];

    /// <summary>Every member's count so far, by its label value.</summary>
    public IReadOnlyDictionary<string, long> Counts() =>
        EnumLabels<TEnum>.Values.Select((label, i) => (label, _counters[i].Value)).ToDictionary(c => c.label, c => c.Value);
}
