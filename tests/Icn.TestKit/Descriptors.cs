namespace Icn.TestKit;

/// <summary>A process's descriptor limit (RLIMIT_NOFILE), soft and hard, set with prlimit; a number alone sets both.</summary>
public readonly record struct Descriptors(long Soft, long Hard)
{
    public static implicit operator Descriptors(long both) => new(both, both);

    public override string ToString() => $"--nofile={Soft}:{Hard}";
}
