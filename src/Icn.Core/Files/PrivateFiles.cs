using System.Runtime.InteropServices;

namespace Icn.Core.Files;

/// <summary>
/// What icnd and icnctl create is their user's alone: every directory 0700 and every file 0600, whoever creates it
/// first and whatever the caller's umask. The process umask does it, so that files made by libraries (SQLite's
/// database, <c>-wal</c> and <c>-shm</c>) follow the same rule as the node's own.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Group and other may do nothing: 077.</summary>
    private const uint GroupAndOther = 0x3F;

    /// <summary>Called first by each program: from here on, nothing it creates is readable by anyone else.</summary>
    public static void RestrictProcess()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Umask(GroupAndOther);
        }
    }

    /// <summary>The mode of <paramref name="path"/> when group or other may read, write or enter it; else null.</summary>
    public static UnixFileMode? SharedMode(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var mode = File.GetUnixFileMode(path);
        return (mode & ~DirectoryMode & (UnixFileMode)0x1FF) != 0 ? mode : null;
    }

    /// <summary><paramref name="mode"/> as <c>chmod</c> writes it, e.g. 0755.</summary>
    public static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8);

    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint Umask(uint mask);
}
