using System.CommandLine;
using Icn.Cli.Output;
using Icn.Rpc;

namespace Icn.Cli.Commands;

/// <summary><c>icnctl gossip topics | create | subscribe | unsubscribe | publish | entries</c>.</summary>
internal static class GossipCommands
{
    private static readonly Argument<string> s_topic = new("topic") { Description = "the topic name, e.g. coop:news" };

    public static Command Create()
    {
        var gossip = new Command("gossip", "topics and entries replicated between nodes");
        gossip.Subcommands.Add(Topics());
        gossip.Subcommands.Add(CreateTopic());
        gossip.Subcommands.Add(Subscription("subscribe", "receive a topic's new entries from peers", (c, t, ct) => c.SubscribeAsync(t, ct)));
        gossip.Subcommands.Add(Subscription("unsubscribe", "stop receiving a topic's new entries (stored ones are kept)", (c, t, ct) => c.UnsubscribeAsync(t, ct)));
        gossip.Subcommands.Add(Publish());
        gossip.Subcommands.Add(Entries());
        return gossip;
    }

    private static Command Topics()
    {
        var command = new Command("topics", "list the topics this node holds") { CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result, (c, t) => c.TopicsAsync(t), RpcJson.Default.TopicViewArray, PrintTopics, ct));
        return command;
    }

    private static Command CreateTopic()
    {
        var participants = new Option<string[]>("--participants")
        {
            Description = "make the topic open to these DIDs only (repeat, or separate with commas)",
            AllowMultipleArgumentsPerToken = true,
        };
        var maxEntries = new Option<int?>("--max-entries") { Description = "entries kept; the oldest go first (default: the node's topic default)" };
        var retention = new Option<long?>("--retention-seconds") { Description = "how long entries are kept (default: the node's topic default)" };
        var minClass = new Option<string?>("--min-class")
        {
            Description = "make the topic open to DIDs of this trust class and above only (known, partner, federated), as each node's trust graph classes them",
        };
        var command = new Command("create", "create a topic here and subscribe to it") { s_topic, participants, minClass, maxEntries, retention, CommonOptions.Json };
        command.SetAction((result, ct) =>
        {
            var dids = (result.GetValue(participants) ?? []).SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
            var access = result.GetValue(minClass) is { } trustClass ? $"class:{trustClass}" : dids.Length > 0 ? "participants" : "public";
            var request = new CreateTopicParams(result.GetValue(s_topic)!, access, dids,
                result.GetValue(maxEntries), result.GetValue(retention));
            return RpcCommand.RunAsync(result, (c, t) => c.CreateTopicAsync(request, t), RpcJson.Default.TopicView, topic => PrintTopics([topic]), ct);
        });
        return command;
    }

    private static Command Subscription(string name, string description, Func<RpcClient, string, CancellationToken, Task<TopicView>> call)
    {
        var command = new Command(name, description) { s_topic, CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result, (c, t) => call(c, result.GetValue(s_topic)!, t), RpcJson.Default.TopicView,
            topic => Console.WriteLine($"{topic.Name}: {(topic.Subscribed ? "subscribed" : "not subscribed")}"), ct));
        return command;
    }

    private static Command Publish()
    {
        var payload = new Argument<string>("payload") { Description = "the entry's content, as text (or base64 with --base64)" };
        var base64 = new Option<bool>("--base64") { Description = "the payload argument is base64-encoded bytes" };
        var command = new Command("publish", "sign and publish an entry to a topic") { s_topic, payload, base64, CommonOptions.Json };
        command.SetAction((result, ct) =>
        {
            var text = result.GetValue(payload)!;
            var request = result.GetValue(base64) ? new PublishParams(result.GetValue(s_topic)!, PayloadBase64: text) : new PublishParams(result.GetValue(s_topic)!, text);
            return RpcCommand.RunAsync(result, (c, t) => c.PublishAsync(request, t), RpcJson.Default.EntryView, entry => Console.WriteLine(entry.Id), ct);
        });
        return command;
    }

    private static Command Entries()
    {
        var limit = new Option<int?>("--limit") { Description = $"how many of the newest entries (default {EntriesParams.DefaultLimit}, at most {EntriesParams.MaxLimit})" };
        var author = new Option<string?>("--author") { Description = "only this author's entries (a DID)" };
        var command = new Command("entries", "list a topic's newest entries, newest first") { s_topic, limit, author, CommonOptions.Json };
        command.SetAction((result, ct) => RpcCommand.RunAsync(result,
            (c, t) => c.EntriesAsync(new EntriesParams(result.GetValue(s_topic)!, result.GetValue(limit), result.GetValue(author)), t), RpcJson.Default.EntryViewArray,
            entries => Table.Print(Console.Out, ["ID", "AUTHOR", "TIME (UTC)", "PAYLOAD"], entries.Select(e => (IReadOnlyList<string>)
                [e.Id[..16], e.Author, DateTimeOffset.FromUnixTimeMilliseconds(e.TimestampMs).ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture),
                 e.PayloadText ?? $"base64:{e.PayloadBase64}"])), ct));
        return command;
    }

    private static void PrintTopics(TopicView[] topics) =>
        Table.Print(Console.Out, ["TOPIC", "ACCESS", "SUBSCRIBED", "ENTRIES", "PEERS", "ACTIVE"], topics.Select(t => (IReadOnlyList<string>)
            [t.Name, t.Access, t.Subscribed ? "yes" : "no", t.Entries.ToString(System.Globalization.CultureInfo.InvariantCulture),
             t.PeerSubscribers.ToString(System.Globalization.CultureInfo.InvariantCulture), t.ActivePeers.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
}
