using System.Diagnostics;

namespace Icn.TestKit;

/// <summary>System tools the hostile tests drive (mount, chattr, ...), for their exit code alone.</summary>
public static class Shell
{
    /// <summary>Runs a program to completion (at most 10 s); -1 when it does not exist here.</summary>
    public static int Run(string program, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit(10_000);
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
