using Icn.Trust;

namespace Icn.Network.Sessions;

/// <summary>What one peer may send: messages and bytes a second, sustained, and the bursts above them.</summary>
public sealed record PeerBudget(double MessagesPerSecond, double MessageBurst, double BytesPerSecond, double ByteBurst);

/// <summary>
/// The budget of each trust class. The original node's (isolated 10 : known 50 : partner 100 : federated 200 messages
/// a second, bursts of 2 to 50) were the starting point; this protocol pushes one entry per message, so rates are ten
/// to twenty times those, and bursts hold a whole relayed burst of 1,000 entries even for a stranger: a peer that
/// overruns its burst twice in 10 s is banned, and an honest relay must not be. Partner keeps the rates every peer
/// had before classes (1,000 messages and 64 MiB a second). Byte bursts hold at least one largest frame.
/// </summary>
public sealed record ClassBudgets
{
    private const double MiB = 1024 * 1024;

    public PeerBudget Isolated { get; init; } = new(200, 1000, 8 * MiB, 32 * MiB);

    public PeerBudget Known { get; init; } = new(500, 2000, 32 * MiB, 64 * MiB);

    public PeerBudget Partner { get; init; } = new(1000, 4000, 64 * MiB, 128 * MiB);

    public PeerBudget Federated { get; init; } = new(2000, 8000, 128 * MiB, 256 * MiB);

    /// <summary>The same budget for every class (tests, benchmarks).</summary>
    public static ClassBudgets Uniform(PeerBudget budget) => new() { Isolated = budget, Known = budget, Partner = budget, Federated = budget };

    public PeerBudget Of(TrustClass trustClass) => trustClass switch
    {
        TrustClass.Federated => Federated,
        TrustClass.Partner => Partner,
        TrustClass.Known => Known,
        _ => Isolated,
    };

    /// <summary>Each class with its budget, lowest first.</summary>
    public IEnumerable<(TrustClass Class, PeerBudget Budget)> All() => Enum.GetValues<TrustClass>().Select(c => (c, Of(c)));
}
