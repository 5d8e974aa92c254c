using System.Text.Json.Serialization;

namespace Icn.Cli.Output;

/// <summary>What icnctl prints with <c>--json</c> that is its own, not a node's RPC answer.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PeerAddressOutput))]
[JsonSerializable(typeof(IdentityOutput))]
[JsonSerializable(typeof(RotationOutput))]
[JsonSerializable(typeof(StoppedOutput))]
internal sealed partial class CliJson : JsonSerializerContext;

/// <summary><c>network address</c>: what another node puts in its bootstrap peers to reach this one.</summary>
internal sealed record PeerAddressOutput(string Address, string Did, string Listen);

/// <summary><c>id init | show | import | export</c>: the identity and where its keystore is (or was copied to).</summary>
internal sealed record IdentityOutput(string Did, string Keystore);

/// <summary><c>id rotate</c>: the old and new DIDs, where the old keystore was kept and the rotation record.</summary>
internal sealed record RotationOutput(string OldDid, string NewDid, string RetiredKeystore, string RotationLog);

/// <summary><c>devnet down</c>: how many nodes were stopped.</summary>
internal sealed record StoppedOutput(int Stopped);

/// <summary>Prints <c>--json</c>'s object, or else the text for a person.</summary>
internal static class JsonOrText
{
    public static void Print<T>(System.CommandLine.ParseResult result, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, Action text)
    {
        if (result.GetValue(Commands.CommonOptions.Json))
        {
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(value, type));
        }
        else
        {
            text();
        }
    }
}
