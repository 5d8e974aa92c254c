using Icn.Identity.Keystore;

namespace Icn.Identity.Passphrases;

/// <summary>Reads a passphrase from a file that only its owner may read.</summary>
public static class PasswordFile
{
    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Returns the file's bytes without one trailing line ending. Refuses a file that group or
    /// others can access, the way ssh refuses such a private key.
    /// </summary>
    public static byte[] Read(string path)
    {
        byte[] content;
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                var mode = File.GetUnixFileMode(path);
                if ((mode & GroupOrOthers) != 0)
                {
                    throw new KeystoreException(KeystoreError.Passphrase,
                        $"password file {path} is accessible by group or others (mode {ToOctal(mode)}); run 'chmod 600 {path}'");
                }
            }

            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new KeystoreException(KeystoreError.Passphrase, $"password file {path} does not exist");
        }
        catch (UnauthorizedAccessException)
        {
            throw new KeystoreException(KeystoreError.Passphrase, $"password file {path} cannot be read (permission denied)");
        }

        var length = content.Length;
        if (length > 0 && content[length - 1] == '\n')
        {
            length--;
            if (length > 0 && content[length - 1] == '\r')
            {
                length--;
            }
        }

        return content[..length];
    }

    private static string ToOctal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
