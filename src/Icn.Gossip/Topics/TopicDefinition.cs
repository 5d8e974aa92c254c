using Icn.Core.Canonical;
using Icn.Core.Identity;
using Icn.Protocol.Messages.Gossip;
using Icn.Trust;

namespace Icn.Gossip.Topics;

/// <summary>Who may publish to, and subscribe to, a topic.</summary>
public enum TopicAccess
{
    /// <summary>Anyone.</summary>
    Public,

    /// <summary>Only the DIDs in <see cref="TopicDefinition.Participants"/>.</summary>
    Participants,

    /// <summary>Only DIDs of <see cref="TopicDefinition.MinClass"/> or above, as this node's trust graph classes them.</summary>
    Class,
}

/// <summary>
/// A topic as this node holds it. Access is enforced on local publishes, on entries arriving from
/// peers and on peers' subscriptions; limits are enforced on every store.
/// </summary>
public sealed record TopicDefinition
{
    /// <summary>Entries a topic keeps unless it says otherwise; the oldest go first.</summary>
    public const int DefaultMaxEntries = 10_000;

    /// <summary>How long a topic keeps entries unless it says otherwise.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(30);

    public TopicDefinition(string name, TopicAccess access = TopicAccess.Public, IReadOnlyList<Did>? participants = null, int maxEntries = DefaultMaxEntries,
        TimeSpan? retention = null, TrustClass minClass = TrustClass.Isolated)
    {
        var problem = NameProblem(name);
        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(name));
        }

        if (access == TopicAccess.Participants && (participants is null || participants.Count == 0))
        {
            throw new ArgumentException($"topic '{name}' is for participants only but names none", nameof(participants));
        }

        if (maxEntries <= 0)
        {
            throw new ArgumentException($"topic '{name}' must keep at least one entry", nameof(maxEntries));
        }

        if (access == TopicAccess.Class && minClass == TrustClass.Isolated)
        {
            throw new ArgumentException($"topic '{name}' is for a trust class but names none above isolated", nameof(minClass));
        }

        Name = name;
        Access = access;
        MinClass = access == TopicAccess.Class ? minClass : TrustClass.Isolated;
        Participants = participants ?? [];
        MaxEntries = maxEntries;
        Retention = retention ?? DefaultRetention;
        if (Retention <= TimeSpan.Zero)
        {
            throw new ArgumentException($"topic '{name}' must keep entries for a positive time", nameof(retention));
        }
    }

    public string Name { get; }

    public TopicAccess Access { get; }

    public IReadOnlyList<Did> Participants { get; }

    /// <summary>For <see cref="TopicAccess.Class"/>: the lowest trust class admitted.</summary>
    public TrustClass MinClass { get; }

    public int MaxEntries { get; }

    public TimeSpan Retention { get; }

    /// <summary>True when <paramref name="did"/> may publish and subscribe, its class given by <paramref name="classOf"/>.</summary>
    public bool Admits(Did did, Func<Did, TrustClass> classOf) => Access switch
    {
        TopicAccess.Public => true,
        TopicAccess.Participants => Participants.Contains(did),
        _ => classOf(did) >= MinClass,
    };

    /// <summary>How the access is written (public, participants, class:partner): in RPC, the CLI and docs.</summary>
    public string AccessName => Access switch
    {
        TopicAccess.Public => "public",
        TopicAccess.Participants => "participants",
        _ => $"class:{MinClass.Name()}",
    };

    /// <summary>Why <paramref name="name"/> cannot name a topic, or null when it can.</summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a topic name must not be empty";
        }

        try
        {
            if (CanonicalWriter.Utf8Length(name) > GossipEntry.MaxTopicBytes)
            {
                return $"topic name '{name}' is longer than {GossipEntry.MaxTopicBytes} bytes of UTF-8";
            }
        }
        catch (EncodeException e)
        {
            return $"topic name is not valid: {e.Message}";
        }

        return name.Any(char.IsControl) || name.Any(char.IsWhiteSpace)
            ? $"topic name '{name}' contains white space or control characters"
            : null;
    }
}
