using System.Collections.Concurrent;

namespace Icn.Observability.Health;

/// <summary>The life-cycle states a node component goes through.</summary>
public enum ComponentState
{
    Starting,
    Running,
    Stopped,
    Failed,
}

/// <summary>
/// What the node runs and whether it is ready: the node is ready once its host has started and
/// every registered component is running. <see cref="ActiveCount"/> is <c>icn_system_actors_active</c>.
/// </summary>
public sealed class NodeHealth
{
    private readonly ConcurrentDictionary<string, ComponentState> _components = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _problems = new(StringComparer.Ordinal);
    private volatile bool _hostStarted;

    /// <summary>Raised after any state change, so gauges can follow without polling.</summary>
    public event Action? Changed;

    /// <summary>Declares a component; it counts against readiness until it reports running.</summary>
    public void Register(string component) => Set(component, ComponentState.Starting);

    public void Set(string component, ComponentState state)
    {
        _components[component] = state;
        Changed?.Invoke();
    }

    /// <summary>
    /// Says why <paramref name="area"/> (a component, or "storage") keeps the node from being ready, or
    /// clears it with null. /readyz answers 503 with every reason while any is set.
    /// </summary>
    public void SetProblem(string area, string? problem)
    {
        var changed = problem is null ? _problems.TryRemove(area, out _) : _problems.GetValueOrDefault(area) != problem;
        if (problem is not null)
        {
            _problems[area] = problem;
        }

        if (changed)
        {
            Changed?.Invoke();
        }
    }

    /// <summary>Called once the host has finished starting every service.</summary>
    public void MarkHostStarted()
    {
        _hostStarted = true;
        Changed?.Invoke();
    }

    /// <summary>Components running now.</summary>
    public int ActiveCount => _components.Values.Count(state => state == ComponentState.Running);

    /// <summary>Components that failed.</summary>
    public int FailedCount => _components.Values.Count(state => state == ComponentState.Failed);

    /// <summary>A consistent view for /readyz.</summary>
    public ReadinessReport Report()
    {
        var components = new SortedDictionary<string, string>(
            _components.ToDictionary(pair => pair.Key, pair => pair.Value.ToString().ToLowerInvariant()), StringComparer.Ordinal);
        var problems = new SortedDictionary<string, string>(_problems.ToDictionary(), StringComparer.Ordinal);
        var ready = _hostStarted && components.Values.All(state => state == "running") && problems.Count == 0;
        return new ReadinessReport(ready, _hostStarted, components, problems);
    }
}

/// <summary>The body of /readyz: <see cref="Problems"/> says, per area, why the node is not ready.</summary>
public sealed record ReadinessReport(bool Ready, bool Started, IReadOnlyDictionary<string, string> Components, IReadOnlyDictionary<string, string> Problems);
