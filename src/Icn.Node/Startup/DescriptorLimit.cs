using System.Runtime.InteropServices;
using Icn.Network.Sessions;

namespace Icn.Node.Startup;

/// <summary>
/// The descriptors icnd may open. Sessions and the HTTP ports are sized from them, and a process that runs
/// out aborts ("Out of memory.") rather than failing one call, so the node raises its soft limit to the hard
/// one at start (as Go's runtime and bitcoind do) and refuses to start with fewer than it needs.
/// </summary>
internal static class DescriptorLimit
{
    /// <summary>
    /// Fewest descriptors icnd starts with: those the session budget keeps for the process and its HTTP ports,
    /// and room for the handshakes in progress and a few sessions.
    /// </summary>
    public const long Minimum = SessionBudget.ReservedDescriptors + 128;

    private const int NoFile = 7; // RLIMIT_NOFILE on Linux

    /// <summary>Raises the soft limit to the hard limit, then says why the node cannot start, or null.</summary>
    public static string? Prepare()
    {
        if (OperatingSystem.IsLinux())
        {
            RaiseSoftLimit();
        }

        var limit = SessionBudget.DescriptorLimit();
        return limit >= Minimum ? null
            : $"the descriptor limit is {limit}, and icnd needs at least {Minimum} (its stores, HTTP ports and peer sessions): "
                + "raise it with `ulimit -n` or LimitNOFILE= in the service unit";
    }

    private static void RaiseSoftLimit()
    {
        // Failing to raise it is no reason not to start: the limit read afterwards decides.
        if (GetLimit(NoFile, out var limit) == 0 && limit.Soft < limit.Hard)
        {
            _ = SetLimit(NoFile, new Limits(limit.Hard, limit.Hard));
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Limits(ulong Soft, ulong Hard);

    [DllImport("libc", EntryPoint = "getrlimit")]
    private static extern int GetLimit(int resource, out Limits limits);

    [DllImport("libc", EntryPoint = "setrlimit")]
    private static extern int SetLimit(int resource, in Limits limits);
}
