using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using Icn.Cli.Output;
using Icn.Identity.Keys;
using Icn.Identity.Keystore;
using Icn.Identity.Passphrases;
using Icn.Identity.Rotation;

namespace Icn.Cli.Commands;

/// <summary><c>icnctl id init | show | export | import | rotate</c>.</summary>
internal static class IdentityCommands
{
    /// <summary>Rotation records, one JSON object per line, in the data directory.</summary>
    public const string RotationLogFile = "rotations.jsonl";

    public static Command Create()
    {
        var id = new Command("id", "create and manage this node's identity");
        id.Subcommands.Add(Init());
        id.Subcommands.Add(Show());
        id.Subcommands.Add(Export());
        id.Subcommands.Add(Import());
        id.Subcommands.Add(Rotate());
        return id;
    }

    private static Command Init()
    {
        var command = new Command("init", "create a new identity, encrypted with a passphrase") { CommonOptions.PasswordFile, CommonOptions.Json };
        command.SetAction(result => Guarded(() =>
        {
            var keystore = Keystore(result);
            if (keystore.Exists)
            {
                throw new KeystoreException(KeystoreError.AlreadyExists,
                    $"an identity already exists at {keystore.Path} ({keystore.ReadDid()}); it is never overwritten");
            }

            var passphrase = Passphrase(result).ForNewKeystore();
            using var key = IdentityKeyPair.Generate();
            try
            {
                keystore.Create(key, passphrase);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(passphrase);
            }

            JsonOrText.Print(result, new IdentityOutput(key.Did.ToString(), keystore.Path), CliJson.Default.IdentityOutput, () =>
            {
                Console.WriteLine($"created identity {key.Did}");
                Console.WriteLine($"keystore: {keystore.Path}");
            });
        }));
        return command;
    }

    private static Command Show()
    {
        var quiet = new Option<bool>("--quiet", "-q") { Description = "the DID alone, for scripts: $(icnctl id show -q)" };
        var command = new Command("show", "print this node's DID (no passphrase needed)") { quiet, CommonOptions.Json };
        command.SetAction(result => Guarded(() =>
        {
            var keystore = Keystore(result);
            var did = keystore.ReadDid();
            if (result.GetValue(quiet))
            {
                Console.WriteLine(did);
                return;
            }

            JsonOrText.Print(result, new IdentityOutput(did.ToString(), keystore.Path), CliJson.Default.IdentityOutput, () =>
            {
                Console.WriteLine($"did:      {did}");
                Console.WriteLine($"keystore: {keystore.Path}");
            });
        }));
        return command;
    }

    private static Command Export()
    {
        var file = new Argument<string>("file") { Description = "where to write the encrypted keystore" };
        var command = new Command("export", "copy the encrypted keystore to a file (checks the passphrase first)") { file, CommonOptions.PasswordFile, CommonOptions.Json };
        command.SetAction(result => Guarded(() =>
        {
            var keystore = Keystore(result);
            var bytes = keystore.ReadFile();
            var did = WithPassphrase(result, passphrase => IdentityKeystore.Verify(bytes, passphrase, keystore.Path));
            var target = new IdentityKeystore(Path.GetFullPath(result.GetValue(file)!));
            if (target.Exists)
            {
                throw new KeystoreException(KeystoreError.AlreadyExists, $"{target.Path} already exists; choose another file");
            }

            target.Import(bytes);
            JsonOrText.Print(result, new IdentityOutput(did.ToString(), target.Path), CliJson.Default.IdentityOutput,
                () => Console.WriteLine($"exported {did} to {target.Path}"));
        }));
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<string>("file") { Description = "an exported keystore file" };
        var command = new Command("import", "install an exported keystore as this node's identity") { file, CommonOptions.PasswordFile, CommonOptions.Json };
        command.SetAction(result => Guarded(() =>
        {
            var source = new IdentityKeystore(Path.GetFullPath(result.GetValue(file)!));
            var bytes = source.ReadFile();
            var keystore = Keystore(result);
            if (keystore.Exists)
            {
                throw new KeystoreException(KeystoreError.AlreadyExists,
                    $"an identity already exists at {keystore.Path} ({keystore.ReadDid()}); move it away before importing");
            }

            var did = WithPassphrase(result, passphrase => IdentityKeystore.Verify(bytes, passphrase, source.Path));
            keystore.Import(bytes);
            JsonOrText.Print(result, new IdentityOutput(did.ToString(), keystore.Path), CliJson.Default.IdentityOutput,
                () => Console.WriteLine($"imported identity {did}"));
        }));
        return command;
    }

    private static Command Rotate()
    {
        var reason = new Option<RotationReason>("--reason") { Description = "why the key changes", DefaultValueFactory = _ => RotationReason.Manual };
        var command = new Command("rotate", "replace the identity key with a new one, keeping a signed rotation record") { reason, CommonOptions.PasswordFile, CommonOptions.Json };
        command.SetAction(result => Guarded(() =>
        {
            var keystore = Keystore(result);
            var dataDirectory = Path.GetDirectoryName(keystore.Path)!;
            WithPassphrase(result, passphrase =>
            {
                using var oldKey = keystore.Unlock(passphrase);
                using var newKey = IdentityKeyPair.Generate();
                var rotation = KeyRotation.Create(oldKey, newKey, DateTimeOffset.UtcNow, result.GetValue(reason));
                var sealedNew = IdentityKeystore.Seal(newKey, passphrase, KdfCost.Default);

                // Record first, then keep the old key, then switch: a crash part-way loses nothing.
                AppendDurably(Path.Combine(dataDirectory, RotationLogFile), JsonSerializer.Serialize(rotation) + "\n");
                var retired = new IdentityKeystore(Path.Combine(dataDirectory, $"identity.{rotation.Timestamp}.retired.key"));
                retired.Import(keystore.ReadFile());
                keystore.Replace(sealedNew);

                var rotationLog = Path.Combine(dataDirectory, RotationLogFile);
                JsonOrText.Print(result, new RotationOutput(rotation.OldDid, rotation.NewDid, retired.Path, rotationLog), CliJson.Default.RotationOutput, () =>
                {
                    Console.WriteLine($"rotated {rotation.OldDid}");
                    Console.WriteLine($"     to {rotation.NewDid}");
                    Console.WriteLine($"old keystore kept at {retired.Path}; record appended to {RotationLogFile}");
                });
                return 0;
            });
        }));
        return command;
    }

    private static IdentityKeystore Keystore(ParseResult result) =>
        IdentityKeystore.InDataDirectory(CommonOptions.ResolveDataDirectory(result));

    private static PassphraseSource Passphrase(ParseResult result) =>
        PassphraseSource.FromProcess(result.GetValue(CommonOptions.PasswordFile) is { } file ? Path.GetFullPath(file) : null);

    private static T WithPassphrase<T>(ParseResult result, Func<byte[], T> action)
    {
        var passphrase = Passphrase(result).ForUnlock();
        try
        {
            return action(passphrase);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passphrase);
        }
    }

    private static void AppendDurably(string path, string line)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        stream.Write(System.Text.Encoding.UTF8.GetBytes(line));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Runs a command, turning the failures an operator can cause into one line and exit 1.</summary>
    private static int Guarded(Action action)
    {
        try
        {
            action();
            return CliProgram.Ok;
        }
        catch (KeystoreException e)
        {
            Console.Error.WriteLine($"icnctl: {e.Message}");
            return CliProgram.Refused;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"icnctl: {e.Message}");
            return CliProgram.Refused;
        }
    }
}
