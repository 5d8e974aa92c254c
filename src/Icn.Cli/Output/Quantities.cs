using static System.FormattableString;

namespace Icn.Cli.Output;

/// <summary>How icnctl writes sizes: bytes to 10 KiB, then KiB to 10 MiB, then MiB.</summary>
internal static class Quantities
{
    public static string Bytes(double bytes) =>
        bytes < 10 * 1024 ? Invariant($"{bytes:0} B")
        : bytes < 10L * 1024 * 1024 ? Invariant($"{bytes / 1024.0:0.#} KiB")
        : Invariant($"{bytes / (1024.0 * 1024):0.#} MiB");
}
