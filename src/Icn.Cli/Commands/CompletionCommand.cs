using System.CommandLine;
using System.Text;

namespace Icn.Cli.Commands;

/// <summary>
/// <c>icnctl completion bash|zsh</c>: a completion script generated from the command tree itself, so it never falls
/// behind a new command. Each command path ("icnctl ledger") maps to the words that may follow it: its subcommands
/// and options. Install: <c>icnctl completion bash &gt; /etc/bash_completion.d/icnctl</c>, or
/// <c>source &lt;(icnctl completion zsh)</c> in <c>~/.zshrc</c>.
/// </summary>
internal static class CompletionCommand
{
    public static Command Create()
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "print a shell completion script: icnctl completion bash > /etc/bash_completion.d/icnctl") { shell };
        command.SetAction(result =>
        {
            var words = Words(result.RootCommandResult.Command);
            Console.Write(result.GetValue(shell) == "zsh" ? Zsh(words) : Bash(words));
        });
        return command;
    }

    /// <summary>Every command path and the words that may follow it.</summary>
    internal static SortedDictionary<string, string> Words(Command root)
    {
        var words = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Walk(Command command, string path, IReadOnlyList<Option> inherited)
        {
            var options = inherited.Concat(command.Options).Where(o => !o.Hidden).ToList();
            words[path] = string.Join(' ', command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)
                .Concat(options.Select(o => o.Name)).Append("--help").Distinct(StringComparer.Ordinal));
            foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
            {
                Walk(sub, $"{path} {sub.Name}", [.. inherited, .. command.Options.Where(o => o.Recursive)]);
            }
        }

        Walk(root, "icnctl", []);
        return words;
    }

    private static string Bash(SortedDictionary<string, string> words)
    {
        var script = new StringBuilder("# icnctl completion for bash (icnctl completion bash)\n");
        script.Append("declare -gA _icnctl_words=(\n");
        foreach (var (path, next) in words)
        {
            script.Append($"  [\"{path}\"]=\"{next}\"\n");
        }

        script.Append("""
            )
            _icnctl() {
              local path=icnctl word
              for word in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
                [[ $word == -* ]] && continue
                [[ -n ${_icnctl_words["$path $word"]+set} ]] && path="$path $word"
              done
              mapfile -t COMPREPLY < <(compgen -W "${_icnctl_words[$path]}" -- "${COMP_WORDS[COMP_CWORD]}")
            }
            complete -o default -F _icnctl icnctl

            """);
        return script.ToString();
    }

    private static string Zsh(SortedDictionary<string, string> words)
    {
        var script = new StringBuilder("#compdef icnctl\n# icnctl completion for zsh (source <(icnctl completion zsh))\n");
        script.Append("typeset -gA _icnctl_words\n_icnctl_words=(\n");
        foreach (var (path, next) in words)
        {
            script.Append($"  \"{path}\" \"{next}\"\n");
        }

        script.Append("""
            )
            _icnctl() {
              local path=icnctl word
              for word in ${words[2,CURRENT-1]}; do
                [[ $word == -* ]] && continue
                (( ${+_icnctl_words[$path $word]} )) && path="$path $word"
              done
              compadd -- ${=_icnctl_words[$path]}
            }
            compdef _icnctl icnctl

            """);
        return script.ToString();
    }
}
