using Icn.Identity.Keys;
using Icn.Observability.Registry;
using Icn.Trust.Edges;
using Icn.Trust.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Icn.Trust.Tests;

/// <summary>The book on a real trust.db: durable edges, verified rows, and attestations counted only through own edges.</summary>
public sealed class TrustBookTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000));
    private readonly IdentityKeyPair _self = IdentityKeyPair.FromSeed(Enumerable.Repeat((byte)1, 32).ToArray());
    private readonly IdentityKeyPair _partner = IdentityKeyPair.FromSeed(Enumerable.Repeat((byte)2, 32).ToArray());
    private readonly IdentityKeyPair _friend = IdentityKeyPair.FromSeed(Enumerable.Repeat((byte)3, 32).ToArray());
    private readonly MetricRegistry _registry = new();

    private string Path => _dir.File("trust.db");

    public void Dispose()
    {
        _self.Dispose();
        _partner.Dispose();
        _friend.Dispose();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    private TrustBook Open(TrustOptions? options = null) =>
        new(_self, new SqliteTrustStore(Path), options ?? new TrustOptions(), new TrustMetrics(_registry), _time, NullLogger.Instance);

    private byte[] Attest(IdentityKeyPair source, IdentityKeyPair target, double score) =>
        Attestation.Sign(new TrustEdge(source.Did, target.Did, score, createdMs: _time.GetUtcNow().ToUnixTimeMilliseconds()), source).Encode();

    [Fact]
    public void Edges_survive_a_restart_and_are_counted()
    {
        using (var book = Open())
        {
            book.Add(_partner.Did, 0.8, ["coop", "bakery"], "signed the charter");
            Assert.Equal(TrustClass.Federated, book.Graph.ClassOf(_partner.Did));
        }

        using var reopened = Open();
        var edge = Assert.Single(reopened.Graph.Direct()).Edge;
        Assert.Equal((0.8, "bakery", "signed the charter"), (edge.Score, edge.Labels[1], edge.Evidence));
        Assert.Equal(1, _registry.Gauge(TrustCatalogue.Edges, "direct").Value);
        Assert.Equal(1, _registry.Counter(TrustCatalogue.ClassChanges).Value);
    }

    [Fact]
    public void A_row_edited_on_disk_fails_verification_and_is_removed_and_counted()
    {
        using (var book = Open())
        {
            book.Add(_partner.Did, 0.2);
            book.Add(_friend.Did, 0.3);
        }

        using (var db = new SqliteConnection($"Data Source={Path};Pooling=false"))
        {
            db.Open();
            using var edit = db.CreateCommand();
            // The score's two bytes follow the version and both keys: 0.2 becomes 1.0, the signature left as it was.
            edit.CommandText = "UPDATE edges SET bytes = substr(bytes, 1, 65) || x'2710' || substr(bytes, 68) WHERE target = $t";
            edit.Parameters.AddWithValue("$t", _partner.Did.PublicKey.ToArray());
            Assert.Equal(1, edit.ExecuteNonQuery());
        }

        using var reopened = Open();
        Assert.Equal(TrustClass.Isolated, reopened.Graph.ClassOf(_partner.Did));
        Assert.Equal(_friend.Did, Assert.Single(reopened.Graph.Direct()).Edge.Target);
        Assert.Equal(1, _registry.Counter(Icn.Storage.StorageCatalogue.DamagedRecords, "trust").Value);
    }

    [Fact]
    public void Attestations_count_only_through_own_edges_and_go_with_the_edge()
    {
        using var book = Open();
        Assert.Equal(AttestationRefusal.Untrusted, book.Offer(Attest(_partner, _friend, 1.0)));
        Assert.Equal(TrustClass.Isolated, book.Graph.ClassOf(_friend.Did));

        book.Add(_partner.Did, 0.9);
        Assert.Null(book.Offer(Attest(_partner, _friend, 1.0)));
        Assert.Equal(TrustClass.Partner, book.Graph.ClassOf(_friend.Did)); // 0.5 x 0.9 x 1.0
        Assert.Equal(AttestationRefusal.Stale, book.Offer(Attest(_partner, _friend, 1.0)));
        Assert.Equal(AttestationRefusal.Invalid, book.Offer([.. Attest(_partner, _friend, 1.0)[..^1], 0]));
        Assert.Equal(1, _registry.Gauge(TrustCatalogue.Edges, "attested").Value);

        Assert.True(book.Remove(_partner.Did));
        Assert.Equal(TrustClass.Isolated, book.Graph.ClassOf(_friend.Did));
        Assert.Equal(0, _registry.Gauge(TrustCatalogue.Edges, "attested").Value);
        Assert.Equal(1, _registry.Counter(TrustCatalogue.AttestationsRefused, "untrusted").Value);
    }

    [Fact]
    public void Attesters_and_edges_are_bounded()
    {
        using var book = Open(new TrustOptions { MaxEdges = 1, MaxAttestationsPerAttester = 1 });
        book.Add(_partner.Did, 0.9);
        Assert.Contains("limit", Assert.Throws<ArgumentException>(() => book.Add(_friend.Did, 0.5)).Message, StringComparison.Ordinal);
        book.Add(_partner.Did, 0.7); // replacing takes no new slot

        using var third = IdentityKeyPair.Generate();
        Assert.Null(book.Offer(Attest(_partner, _friend, 1.0)));
        Assert.Equal(AttestationRefusal.Full, book.Offer(Attest(_partner, third, 1.0)));
        Assert.Equal(1, _registry.Gauge(TrustCatalogue.EdgesLimit, "direct").Value);
    }

    [Fact]
    public void An_attestation_round_trips_and_anything_but_its_canonical_form_is_refused()
    {
        var bytes = Attest(_partner, _friend, 0.1234);
        var decoded = Attestation.Decode(bytes);

        Assert.True(decoded.HasValidSignature());
        Assert.Equal(0.1234, decoded.Edge.Score);
        Assert.True(Attestation.IsSound(bytes));
        Assert.False(Attestation.IsSound([.. bytes, 0]));
        Assert.False(Attestation.IsSound(bytes[..^5]));
        Assert.False(Attestation.IsSound([2, .. bytes[1..]]));
        Assert.True(bytes.Length <= Attestation.MaxBytes);
    }
}
