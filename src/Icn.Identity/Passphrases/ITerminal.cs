namespace Icn.Identity.Passphrases;

/// <summary>The terminal a passphrase can be asked on; a seam so tests need no TTY.</summary>
public interface ITerminal
{
    /// <summary>True when a person can answer a prompt.</summary>
    bool IsInteractive { get; }

    /// <summary>Shows <paramref name="prompt"/> and reads a line without echoing it.</summary>
    string ReadSecret(string prompt);
}

/// <summary>The process's console.</summary>
public sealed class ConsoleTerminal : ITerminal
{
    public static ConsoleTerminal Instance { get; } = new();

    public bool IsInteractive => !Console.IsInputRedirected;

    public string ReadSecret(string prompt)
    {
        Console.Error.Write(prompt);
        var secret = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (secret.Length > 0)
                {
                    secret.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                secret.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return secret.ToString();
    }
}
