using System.CommandLine;
using Icn.Core.Files;
using Icn.Identity.Keystore;
using Icn.Identity.Passphrases;
using Icn.Node.Configuration;
using Icn.Node.Logging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Icn.Node.Startup;

/// <summary>
/// <c>icnd</c>'s entry: flags, configuration, identity, then the host. Exit codes: 0 after a clean
/// shutdown, 1 when the node cannot start (identity cannot be unlocked), 2 for bad usage or config.
/// </summary>
public static partial class NodeProgram
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadConfig = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var config = new Option<string>("--config") { Description = "TOML configuration file (default: icn.toml in the data directory, if present)" };
        var flags = Setting.All.Where(s => s.Flag is not null)
            .ToDictionary(s => s.Key, s => new Option<string>(s.Flag!) { Description = $"{s.Key}: {s.Expected} (env {s.EnvironmentVariable})" });
        var root = new RootCommand("icnd: the InterCooperative Network node");
        root.Options.Add(config);
        foreach (var option in flags.Values)
        {
            root.Options.Add(option);
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"icnd: {error.Message}");
            }

            await Console.Error.WriteLineAsync("see 'icnd --help'");
            return BadConfig;
        }

        root.SetAction((result, _) =>
        {
            var given = flags.Where(f => result.GetResult(f.Value) is not null)
                .ToDictionary(f => f.Key, f => result.GetValue(f.Value)!);
            return RunNodeAsync(result.GetValue(config), given);
        });
        // The host handles SIGINT and SIGTERM itself (SignalLifetime); System.CommandLine's own handler
        // would end the process with 143 two seconds into a graceful shutdown.
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    private static async Task<int> RunNodeAsync(string? configFile, Dictionary<string, string> flags)
    {
        NodeOptions options;
        try
        {
            options = ConfigLoader.Load(configFile, flags, Environment.GetEnvironmentVariable);
            PrepareDataDirectory(options.DataDirectory);
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync($"icnd: config error: {e.Message}");
            return BadConfig;
        }

        using var loggerFactory = LoggerFactory.Create(logging => NodeLogging.Configure(logging, options.Log));
        var log = loggerFactory.CreateLogger("Icn.Node");
        if (UnwritableReason(options.DataDirectory) is { } unwritable)
        {
            LogCannotStart(log, unwritable);
            return Failure;
        }

        if (PrivateFiles.SharedMode(options.DataDirectory) is { } shared)
        {
            LogDataDirectoryShared(log, options.DataDirectory, PrivateFiles.Octal(shared));
        }

        if (DescriptorLimit.Prepare() is { } tooFew)
        {
            LogCannotStart(log, tooFew);
            return Failure;
        }

        NodeIdentity identity;
        try
        {
            identity = UnlockIdentity(options, log);
        }
        catch (KeystoreException e)
        {
            LogCannotUnlock(log, e.Message);
            return Failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogCannotUnlock(log, $"cannot read the identity in {options.DataDirectory}: {e.Message}");
            return Failure;
        }

        using (identity)
        {
            using var host = NodeHostFactory.Build(options, identity, TimeProvider.System);
            try
            {
                await host.RunAsync();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException or InvalidOperationException)
            {
                // Whatever stops the host from starting gets one line, not a stack trace.
                LogCannotStart(log, e.Message);
                return Failure;
            }
        }

        return Ok;
    }

    private static NodeIdentity UnlockIdentity(NodeOptions options, ILogger log)
    {
        var keystore = IdentityKeystore.InDataDirectory(options.DataDirectory);
        if (Directory.Exists(keystore.Path))
        {
            // Not "no identity": running system-only here would hide that the node's key is missing.
            throw new IOException($"{keystore.Path} is a directory, not a keystore; move it aside or create an identity with icnctl id init");
        }

        if (!keystore.Exists)
        {
            LogNoIdentity(log, keystore.Path, options.DataDirectory);
            return new NodeIdentity(null);
        }

        var passphrase = PassphraseSource.FromProcess(options.PasswordFile).ForUnlock();
        try
        {
            var key = keystore.Unlock(passphrase);
            LogUnlocked(log, key.Did.ToString());
            return new NodeIdentity(key);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(passphrase);
        }
    }

    private static void PrepareDataDirectory(string path)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path);
            }
            else if (!Directory.Exists(path))
            {
                // The directory holds the keystore and RPC cookie: owner only, and so are the parents made for it.
                Directory.CreateDirectory(path, PrivateFiles.DirectoryMode);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"bad value for 'data_dir': {path} cannot be created ({e.Message})");
        }
    }

    /// <summary>
    /// Why the data directory cannot be written, or null. Everything the node keeps is there (databases, RPC
    /// cookie): a node that cannot write it could serve nothing, so it says so and stops. An empty probe
    /// file still fits on a full disk, which has a degraded mode of its own.
    /// </summary>
    private static string? UnwritableReason(string path)
    {
        var probe = Path.Combine(path, $".icnd-write-probe-{Environment.ProcessId}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"the data directory {path} is not writable ({e.Message.Replace($" : '{probe}'", "", StringComparison.Ordinal)}); "
                + "icnd keeps its databases and RPC cookie there: remount its file system read-write or give it to the user running icnd";
        }
    }

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "no identity at {Path}: running system-only (metrics only). Create one with: icnctl id init --data-dir {DataDirectory}")]
    private static partial void LogNoIdentity(ILogger logger, string path, string dataDirectory);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "identity {Did} unlocked")]
    private static partial void LogUnlocked(ILogger logger, string did);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Critical, Message = "cannot start: {Reason}")]
    private static partial void LogCannotStart(ILogger logger, string reason);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning, Message = "the data directory {Path} is open to other users (mode {Mode}); it holds the keystore, the RPC cookie and the ledger: chmod 700 {Path}")]
    private static partial void LogDataDirectoryShared(ILogger logger, string path, string mode);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Critical, Message = "cannot start: {Reason}")]
    private static partial void LogCannotUnlock(ILogger logger, string reason);
}
