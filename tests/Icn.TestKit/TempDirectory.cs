namespace Icn.TestKit;

/// <summary>A private scratch folder removed on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("icn-test-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a password file with owner-only permissions.</summary>
    public string PasswordFile(string passphrase, string name = "passphrase")
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, passphrase + "\n");
        System.IO.File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process that is still shutting down may hold a file; the OS cleans /tmp.
        }
    }
}
