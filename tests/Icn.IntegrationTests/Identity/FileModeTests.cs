namespace Icn.IntegrationTests.Identity;

/// <summary>
/// Whoever creates them first, every directory icnctl and icnd make is 0700 and every file 0600, under the permissive
/// umask this test runs with (the operator's usual 022): the keystore, the databases and their journals, the cookie.
/// </summary>
public sealed class FileModeTests : InTempDirectory
{
    [Fact]
    public async Task Directories_are_0700_and_files_0600_whatever_the_umask()
    {
        var umask = File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("Umask:", StringComparison.Ordinal)).Split('\t')[^1];
        Assert.SkipWhen(umask == "0077", "this test needs a umask that lets group and other read, to show that icnd does not");
        var password = Dir.PasswordFile("a long passphrase");
        var data = Dir.File(Path.Combine("made", "by", "icnctl"));
        using var init = await ProgramRun.IcnctlAsync(["id", "init", "--data-dir", data, "--password-file", password]);
        Assert.True(init.ExitCode == 0, init.Output);
        await using (var node = await RunningNode.StartAsync(data, ["--password-file", password]))
        {
            await node.Process.WaitForLogAsync("JSON-RPC on");
            using var rpc = node.Rpc();
            await rpc.StatusAsync(TestContext.Current.CancellationToken); // the ledger and gossip stores are open
            Assert.Equal(0, await node.StopAsync());
        }

        var made = new[] { Dir.File("made"), Dir.File(Path.Combine("made", "by")) }.Concat(Directory.EnumerateFileSystemEntries(Dir.File("made"), "*", SearchOption.AllDirectories)).Distinct().ToList();
        Assert.Contains(made, p => p.EndsWith("ledger.db", StringComparison.Ordinal));
        Assert.Contains(made, p => p.EndsWith("identity.key", StringComparison.Ordinal));
        var modes = made.Select(p => (Path: Path.GetRelativePath(Dir.Path, p), Mode: File.GetUnixFileMode(p) & (UnixFileMode)0x1FF, IsDirectory: Directory.Exists(p))).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"umask {umask}: " + string.Join(", ", modes.Select(m => $"{m.Path} {Convert.ToString((int)m.Mode, 8)}")));
        Assert.All(modes, m => Assert.True(m.Mode == (m.IsDirectory ? (UnixFileMode)0x1C0 : (UnixFileMode)0x180), $"{m.Path} is {Convert.ToString((int)m.Mode, 8)}"));
    }
}
