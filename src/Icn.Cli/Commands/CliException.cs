namespace Icn.Cli.Commands;

/// <summary>A mistake or a refusal icnctl explains in one line and ends with <see cref="ExitCode"/> (1 or 2): never a stack trace.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
