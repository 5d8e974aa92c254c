using System.Text.Json;
using System.Text.Json.Serialization;

namespace Icn.Cli.Devnet;

/// <summary>One node of a devnet: its identity, process and loopback ports.</summary>
internal sealed record DevnetNode(string Name, string Did, int Pid, string DataDirectory, int P2pPort, int MetricsPort, int RpcPort)
{
    public string RpcAddress => $"127.0.0.1:{RpcPort}";

    public string MetricsUrl => $"http://127.0.0.1:{MetricsPort}/metrics";

    public string PeerUri => $"icn://{Did}@127.0.0.1:{P2pPort}";
}

/// <summary>
/// What <c>devnet up</c> started, kept in <c>devnet.json</c> in the devnet folder so that <c>status</c>
/// and <c>down</c> find the processes again: the nodes, and Prometheus and Alertmanager when asked for.
/// </summary>
internal sealed record DevnetState(IReadOnlyList<DevnetNode> Nodes, DateTimeOffset StartedAt, int? PrometheusPid = null, int? PrometheusPort = null,
    int? AlertmanagerPid = null, int? AlertmanagerPort = null)
{
    public const string FileName = "devnet.json";

    public static DevnetState? Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), DevnetJson.Default.DevnetState) : null;
        }
        catch (JsonException e)
        {
            throw new Commands.CliException(Commands.CliProgram.Refused,
                $"{path} is not a devnet's state ({e.Message}); stop any icnd it named by hand, then delete it and run 'icnctl devnet up' again");
        }
    }

    public void Save(string folder) =>
        File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, DevnetJson.Default.DevnetState));

    public static void Delete(string folder) => File.Delete(Path.Combine(folder, FileName));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(DevnetState))]
[JsonSerializable(typeof(NodeObservation[]))]
internal sealed partial class DevnetJson : JsonSerializerContext;
