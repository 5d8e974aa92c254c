namespace Icn.Identity.Keystore;

/// <summary>Argon2id cost: memory in KiB and number of passes (parallelism is always 1).</summary>
public readonly record struct KdfCost(uint MemoryKiB, uint Passes)
{
    /// <summary>64 MiB, 3 passes: the floor every keystore must meet.</summary>
    public static KdfCost Default { get; } = new(64 * 1024, 3);

    /// <summary>4 GiB: a file asking for more is treated as damaged rather than run.</summary>
    private const uint MaxMemoryKiB = 4 * 1024 * 1024;
    private const uint MaxPasses = 64;

    /// <summary>True when the cost is at least the default and not absurdly large.</summary>
    public bool IsWithinBounds =>
        MemoryKiB >= Default.MemoryKiB && MemoryKiB <= MaxMemoryKiB && Passes >= Default.Passes && Passes <= MaxPasses;

    public override string ToString() => $"Argon2id {MemoryKiB / 1024} MiB x {Passes} passes";
}
