using System.Text;
using Icn.Identity.Keystore;

namespace Icn.Identity.Passphrases;

/// <summary>
/// Where a passphrase comes from, in order of precedence: a password file, the
/// <c>ICN_PASSPHRASE</c> environment variable, then a prompt on the terminal.
/// Passphrases are UTF-8 bytes; one trailing newline in a password file is not part of it.
/// </summary>
public sealed class PassphraseSource(string? passwordFile, Func<string, string?> environment, ITerminal terminal)
{
    /// <summary>The environment variable a passphrase may come from.</summary>
    public const string EnvironmentVariable = "ICN_PASSPHRASE";

    /// <summary>A source reading the real environment and console.</summary>
    public static PassphraseSource FromProcess(string? passwordFile) =>
        new(passwordFile, Environment.GetEnvironmentVariable, ConsoleTerminal.Instance);

    /// <summary>Gets a passphrase to unlock an existing keystore.</summary>
    public byte[] ForUnlock() => Obtain(confirm: false);

    /// <summary>Gets a passphrase for a new keystore; a terminal prompt asks twice.</summary>
    public byte[] ForNewKeystore() => Obtain(confirm: true);

    private byte[] Obtain(bool confirm)
    {
        if (passwordFile is not null)
        {
            return NonEmpty(PasswordFile.Read(passwordFile), $"password file {passwordFile}");
        }

        var fromEnvironment = environment(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Encoding.UTF8.GetBytes(fromEnvironment);
        }

        if (!terminal.IsInteractive)
        {
            throw new KeystoreException(KeystoreError.Passphrase,
                $"no passphrase: pass --password-file PATH or set {EnvironmentVariable} (there is no terminal to ask on)");
        }

        var first = terminal.ReadSecret("Passphrase: ");
        if (confirm && terminal.ReadSecret("Repeat passphrase: ") != first)
        {
            throw new KeystoreException(KeystoreError.Passphrase, "the two passphrases differ; nothing was written");
        }

        return NonEmpty(Encoding.UTF8.GetBytes(first), "the terminal");
    }

    private static byte[] NonEmpty(byte[] passphrase, string origin) =>
        passphrase.Length > 0 ? passphrase : throw new KeystoreException(KeystoreError.Passphrase, $"the passphrase from {origin} is empty");
}
