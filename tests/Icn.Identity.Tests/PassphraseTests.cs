using System.Text;
using Icn.Identity.Keystore;
using Icn.Identity.Passphrases;

namespace Icn.Identity.Tests;

public class PassphraseTests : InTempDirectory
{
    [Fact]
    public void Password_file_wins_and_loses_one_trailing_newline()
    {
        var file = Dir.PasswordFile("from file");
        var source = new PassphraseSource(file, _ => "from env", new ScriptedTerminal(true, "from tty"));

        Assert.Equal("from file", Encoding.UTF8.GetString(source.ForUnlock()));
    }

    [Fact]
    public void Windows_line_ending_is_also_dropped_but_inner_spaces_are_kept()
    {
        var path = Dir.File("crlf");
        File.WriteAllText(path, " two words \r\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead);

        Assert.Equal(" two words ", Encoding.UTF8.GetString(PasswordFile.Read(path)));
    }

    [Fact]
    public void Environment_is_used_when_there_is_no_file()
    {
        var source = new PassphraseSource(null, name => name == PassphraseSource.EnvironmentVariable ? "from env" : null, new ScriptedTerminal(true, "from tty"));

        Assert.Equal("from env", Encoding.UTF8.GetString(source.ForUnlock()));
    }

    [Fact]
    public void Terminal_asks_twice_for_a_new_keystore_and_refuses_a_mismatch()
    {
        var terminal = new ScriptedTerminal(true, "one", "two");
        var source = new PassphraseSource(null, _ => null, terminal);

        var error = Assert.Throws<KeystoreException>(source.ForNewKeystore);

        Assert.Contains("differ", error.Message, StringComparison.Ordinal);
        Assert.Equal(["Passphrase: ", "Repeat passphrase: "], terminal.Prompts);
    }

    [Fact]
    public void Terminal_asks_once_to_unlock()
    {
        var terminal = new ScriptedTerminal(true, "secret");

        Assert.Equal("secret", Encoding.UTF8.GetString(new PassphraseSource(null, _ => null, terminal).ForUnlock()));
        Assert.Single(terminal.Prompts);
    }

    [Fact]
    public void Without_file_environment_or_terminal_the_error_says_what_to_do()
    {
        var error = Assert.Throws<KeystoreException>(() => new PassphraseSource(null, _ => null, new ScriptedTerminal(false)).ForUnlock());

        Assert.Contains("--password-file", error.Message, StringComparison.Ordinal);
        Assert.Contains("ICN_PASSPHRASE", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.OtherRead)]
    [InlineData(UnixFileMode.GroupWrite)]
    public void Password_file_readable_by_group_or_others_is_refused(UnixFileMode extra)
    {
        var file = Dir.PasswordFile("secret");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | extra);

        var error = Assert.Throws<KeystoreException>(() => PasswordFile.Read(file));

        Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_or_empty_password_file_is_a_clear_error()
    {
        Assert.Contains("does not exist", Assert.Throws<KeystoreException>(() => PasswordFile.Read(Dir.File("absent"))).Message, StringComparison.Ordinal);

        var empty = Dir.PasswordFile("");
        Assert.Contains("empty", Assert.Throws<KeystoreException>(() => new PassphraseSource(empty, _ => null, new ScriptedTerminal(false)).ForUnlock()).Message, StringComparison.Ordinal);
    }

    private sealed class ScriptedTerminal(bool interactive, params string[] answers) : ITerminal
    {
        private readonly Queue<string> _answers = new(answers);

        public List<string> Prompts { get; } = [];

        public bool IsInteractive => interactive;

        public string ReadSecret(string prompt)
        {
            Prompts.Add(prompt);
            return _answers.Dequeue();
        }
    }
}
