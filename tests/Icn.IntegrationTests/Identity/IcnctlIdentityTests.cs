namespace Icn.IntegrationTests.Identity;

/// <summary>icnctl id, run as CI runs it: no terminal, passphrases from files or the environment.</summary>
public class IcnctlIdentityTests : InTempDirectory
{
    private readonly string _data;
    private readonly string _password;

    public IcnctlIdentityTests()
    {
        _data = Dir.File("data");
        _password = Dir.PasswordFile("correct horse battery staple");
    }

    [Fact]
    public async Task Init_with_password_file_and_no_tty_then_show_prints_the_same_did()
    {
        using var init = await Icnctl("id", "init", "--password-file", _password);
        using var show = await Icnctl("id", "show", "--json");

        Assert.Equal(0, init.ExitCode);
        Assert.Equal(0, show.ExitCode);
        var did = init.Stdout.Split('\n')[0].Split(' ')[^1];
        Assert.StartsWith("did:icn:z", did, StringComparison.Ordinal);
        Assert.Contains($"\"did\":\"{did}\"", show.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_refuses_to_overwrite_an_identity()
    {
        using var first = await Icnctl("id", "init", "--password-file", _password);
        var before = await File.ReadAllBytesAsync(Path.Combine(_data, "identity.key"), TestContext.Current.CancellationToken);

        using var second = await Icnctl("id", "init", "--password-file", _password);

        Assert.Equal(1, second.ExitCode);
        Assert.Contains("never overwritten", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(Path.Combine(_data, "identity.key"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Init_without_any_passphrase_source_says_what_to_do()
    {
        using var init = await Icnctl("id", "init");

        Assert.Equal(1, init.ExitCode);
        Assert.Equal("icnctl: no passphrase: pass --password-file PATH or set ICN_PASSPHRASE (there is no terminal to ask on)", init.Stderr);
        Assert.False(File.Exists(Path.Combine(_data, "identity.key")));
    }

    [Fact]
    public async Task Group_readable_password_file_is_refused()
    {
        File.SetUnixFileMode(_password, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        using var init = await Icnctl("id", "init", "--password-file", _password);

        Assert.Equal(1, init.ExitCode);
        Assert.Contains("accessible by group or others (mode 0640)", init.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_are_one_line_never_a_stack_trace()
    {
        using var missing = await Icnctl("id", "show");
        using var created = await Icnctl("id", "init", "--password-file", _password);
        using var wrong = await Icnctl("id", "export", Dir.File("out.key"), "--password-file", Dir.PasswordFile("nope", "wrong"));
        var keystore = Path.Combine(_data, "identity.key");
        await File.WriteAllBytesAsync(keystore, (await File.ReadAllBytesAsync(keystore, TestContext.Current.CancellationToken))[..60], TestContext.Current.CancellationToken);
        using var truncated = await Icnctl("id", "show");

        foreach (var (run, expected) in new[] { (missing, "no identity at"), (wrong, "wrong passphrase"), (truncated, "truncated (60 of 143 bytes)") })
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
            Assert.Single(run.Stderr.Split('\n'));
            Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Export_then_import_elsewhere_keeps_the_did()
    {
        using var init = await Icnctl("id", "init", "--password-file", _password);
        var exported = Dir.File("backup.key");
        using var export = await Icnctl("id", "export", exported, "--password-file", _password);
        var otherData = Dir.File("other");

        using var import = await ProgramRun.IcnctlAsync(["id", "import", exported, "--data-dir", otherData, "--password-file", _password]);
        using var show = await ProgramRun.IcnctlAsync(["id", "show", "--data-dir", otherData]);

        Assert.Equal(0, export.ExitCode);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains(init.Stdout.Split('\n')[0].Split(' ')[^1], show.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_switches_key_keeps_the_old_one_and_records_a_signed_rotation()
    {
        using var init = await Icnctl("id", "init", "--password-file", _password);
        var oldDid = init.Stdout.Split('\n')[0].Split(' ')[^1];

        using var rotate = await Icnctl("id", "rotate", "--reason", "Scheduled", "--password-file", _password);
        using var show = await Icnctl("id", "show");

        Assert.Equal(0, rotate.ExitCode);
        Assert.DoesNotContain(oldDid, show.Stdout, StringComparison.Ordinal);
        var record = await File.ReadAllTextAsync(Path.Combine(_data, "rotations.jsonl"), TestContext.Current.CancellationToken);
        Assert.Contains($"\"old_did\":\"{oldDid}\"", record, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"Scheduled\"", record, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(_data, "identity.*.retired.key"));
    }

    [Fact]
    public async Task Unknown_command_is_bad_usage()
    {
        using var run = await Icnctl("id", "frobnicate");

        Assert.Equal(2, run.ExitCode);
    }

    private Task<ProgramRun> Icnctl(params string[] args) => ProgramRun.IcnctlAsync([.. args, "--data-dir", _data]);
}
