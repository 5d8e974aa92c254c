using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;

namespace Icn.IntegrationTests;

/// <summary>
/// A crowd of fresh identities dialling a node from a process of its own (tests/Icn.Adversary): on a machine of two
/// cores, a crowd inside the test process would delay the test's own measuring calls and the test would measure itself.
/// </summary>
public sealed class CrowdProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

    private CrowdProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => _ = e.Data is null ? _lines.Writer.TryComplete() : _lines.Writer.TryWrite(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
    }

    /// <summary>Starts the process and waits until its <paramref name="identities"/> identities and certificates are made.</summary>
    public static async Task<CrowdProcess> PrepareAsync(int port, string did, int identities)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { Repository.Adversary, "crowd", port.ToString(CultureInfo.InvariantCulture), did, identities.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        var crowd = new CrowdProcess(new Process { StartInfo = start });
        await crowd.ExpectAsync("ready");
        return crowd;
    }

    /// <summary>Lets the crowd dial; completes when every identity has dialled, with how many the node admitted.</summary>
    public async Task<int> DialAsync()
    {
        await _process.StandardInput.WriteLineAsync("go");
        await _process.StandardInput.FlushAsync();
        return int.Parse(await ExpectAsync("admitted"), CultureInfo.InvariantCulture);
    }

    /// <summary>Closes the crowd's connections (its stdin closing tells it) and waits for it to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private async Task<string> ExpectAsync(string word)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await foreach (var line in _lines.Reader.ReadAllAsync(deadline.Token))
        {
            if (line.StartsWith(word + " ", StringComparison.Ordinal))
            {
                return line[(word.Length + 1)..];
            }
        }

        await _process.WaitForExitAsync(deadline.Token);
        throw new InvalidOperationException($"the adversary exited (code {_process.ExitCode}) before saying \"{word}\"");
    }
}
