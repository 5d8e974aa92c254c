using System.Text;
using System.Text.Json;
using Icn.Core.Identity;
using Icn.Gossip.Engine;
using Icn.Gossip.Topics;
using Icn.Node.Components;
using Icn.Protocol.Messages.Gossip;
using Icn.Rpc;
using Icn.Trust;

namespace Icn.Node.Rpc;

internal sealed partial class RpcDispatcher
{
    private static readonly UTF8Encoding s_strictUtf8 = new(false, throwOnInvalidBytes: true);

    private GossipEngine Gossip => Require(gossip.Engine, "gossip engine", GossipComponent.Name);

    private JsonElement Topics() =>
        JsonSerializer.SerializeToElement(Gossip.Topics().Select(NodeViews.Topic).ToArray(), RpcJson.Default.TopicViewArray);

    private JsonElement CreateTopic(CreateTopicParams request)
    {
        var name = request.Access?.ToLowerInvariant();
        var minClass = name?.StartsWith("class:", StringComparison.Ordinal) == true ? TrustClasses.Parse(name["class:".Length..]) : null;
        var access = name switch
        {
            null or "public" => TopicAccess.Public,
            "participants" => TopicAccess.Participants,
            _ when minClass is not null => TopicAccess.Class,
            _ => throw new RpcException(RpcErrorCodes.InvalidParams,
                $"bad params: access must be \"public\", \"participants\" or \"class:<{string.Join('|', TrustClasses.Names.Split(", "))}>\", not \"{request.Access}\""),
        };
        var participants = (request.Participants ?? []).Select(text => Did.TryParse(text, out var did) ? did
            : throw new RpcException(RpcErrorCodes.InvalidParams, $"bad params: participant '{text}' is not a DID")).ToArray();
        TopicDefinition definition;
        try
        {
            definition = new TopicDefinition(request.Topic, access, participants, request.MaxEntries ?? TopicDefinition.DefaultMaxEntries,
                request.RetentionSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null, minClass ?? TrustClass.Isolated);
        }
        catch (ArgumentException e)
        {
            throw new RpcException(RpcErrorCodes.InvalidParams, $"bad params: {e.Message.Split(" (Parameter")[0]}");
        }

        return Topic(() => Gossip.CreateTopic(definition));
    }

    private JsonElement Subscribe(TopicParams request) => Topic(() => Gossip.Subscribe(request.Topic));

    private JsonElement Unsubscribe(TopicParams request) => Topic(() => Gossip.Unsubscribe(request.Topic));

    /// <summary>Publishes in a group commit with the concurrent publishes: many RPC publishers share each transaction.</summary>
    private async Task<JsonElement> PublishAsync(PublishParams request)
    {
        byte[] payload;
        if ((request.Payload is null) == (request.PayloadBase64 is null))
        {
            throw new RpcException(RpcErrorCodes.InvalidParams, "bad params: give exactly one of payload and payload_base64");
        }

        try
        {
            payload = request.Payload is { } text ? Encoding.UTF8.GetBytes(text) : Convert.FromBase64String(request.PayloadBase64!);
        }
        catch (FormatException)
        {
            throw new RpcException(RpcErrorCodes.InvalidParams, "bad params: payload_base64 is not base64");
        }

        GossipEntry entry;
        try
        {
            entry = await Gossip.PublishAsync(request.Topic, payload);
        }
        catch (GossipException e)
        {
            throw new RpcException(RpcErrorCodes.Refused, e.Message, e.Busy ? "busy" : null);
        }

        return JsonSerializer.SerializeToElement(View(entry), RpcJson.Default.EntryView);
    }

    private JsonElement Entries(EntriesParams request)
    {
        var limit = request.Limit ?? EntriesParams.DefaultLimit;
        if (limit is < 1 or > EntriesParams.MaxLimit)
        {
            throw new RpcException(RpcErrorCodes.InvalidParams, $"bad params: limit must be from 1 to {EntriesParams.MaxLimit}");
        }

        Did? author = null;
        if (request.Author is { } text && !Did.TryParse(text, out author))
        {
            throw new RpcException(RpcErrorCodes.InvalidParams, "bad params: author must be a DID (did:icn:...)");
        }

        var entries = Refusable(() => Gossip.Entries(request.Topic, limit, author));
        return JsonSerializer.SerializeToElement(entries.Select(View).ToArray(), RpcJson.Default.EntryViewArray);
    }

    private static JsonElement Topic(Func<TopicInfo> action) =>
        JsonSerializer.SerializeToElement(NodeViews.Topic(Refusable(action)), RpcJson.Default.TopicView);

    private static T Refusable<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (GossipException e)
        {
            throw new RpcException(RpcErrorCodes.Refused, e.Message);
        }
    }

    private static EntryView View(GossipEntry entry)
    {
        string? text;
        try
        {
            text = s_strictUtf8.GetString(entry.Payload);
        }
        catch (DecoderFallbackException)
        {
            text = null;
        }

        return new EntryView(entry.Id.ToString(), entry.Topic, entry.Author.ToString(), entry.TimestampMs, Convert.ToBase64String(entry.Payload), text);
    }
}
