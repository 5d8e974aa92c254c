using System.Buffers;
using BenchmarkDotNet.Attributes;
using Icn.Core.Hashing;
using Icn.Gossip.Storage;
using Icn.Identity.Keys;
using Icn.Protocol.Framing;
using Icn.Protocol.Messages;
using Icn.Protocol.Messages.Gossip;

namespace Icn.Benchmarks.Gossip;

/// <summary>
/// Where the time of one 100-byte entry goes, step by step: its id (SHA-256), its signature and one
/// verification (Ed25519, libsodium), a Push encoded and decoded, and its commit to gossip.db alone or in a
/// group of 100 (per entry). A replicated entry costs one id and signature where it is published, and an
/// id, a verification, a decode and a share of a commit on every node that receives it.
/// </summary>
[MemoryDiagnoser]
public class EntryCostBenchmarks
{
    private const int Group = 100;
    private readonly IdentityKeyPair _key = IdentityKeyPair.FromSeed(Enumerable.Repeat((byte)7, 32).ToArray());
    private readonly byte[] _payload = new byte[100];
    private GossipEntry _entry = null!;
    private byte[] _push = null!;
    private string _folder = null!;
    private SqliteEntryStore _store = null!;
    private long _timestamp = 1_700_000_000_000;
    private NSec.Cryptography.PublicKey _publicKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        var id = GossipEntry.ComputeId("bench", _key.Did, _timestamp, _payload);
        _entry = new GossipEntry(id, "bench", _key.Did, _timestamp, _payload, _key.Sign(GossipEntry.SigningBytes(id)));
        var buffer = new ArrayBufferWriter<byte>();
        new Envelope(new Push(_entry)).Encode(buffer);
        _push = buffer.WrittenSpan.ToArray();
        _publicKey = Import();
        _folder = Directory.CreateTempSubdirectory("icn-entry-bench-").FullName;
        _store = new SqliteEntryStore(Path.Combine(_folder, "gossip.db"));
        _store.SaveTopic(new StoredTopic(new Icn.Gossip.Topics.TopicDefinition("bench", maxEntries: 10_000_000), true));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "id: SHA-256 of the entry")]
    public ContentHash Id() => GossipEntry.ComputeId("bench", _key.Did, _timestamp, _payload);

    [Benchmark(Description = "sign (Ed25519)")]
    public byte[] Sign() => _key.Sign(GossipEntry.SigningBytes(_entry.Id));

    [Benchmark(Description = "verify (Ed25519)")]
    public bool Verify() => IdentityKeyPair.Verify(_entry.Author, GossipEntry.SigningBytes(_entry.Id), _entry.Signature);

    [Benchmark(Description = "verify (Ed25519), key imported once")]
    public bool VerifyImported() => NSec.Cryptography.SignatureAlgorithm.Ed25519.Verify(_publicKey, GossipEntry.SigningBytes(_entry.Id), _entry.Signature);

    [Benchmark(Description = "import a public key (NSec)")]
    public NSec.Cryptography.PublicKey Import() =>
        NSec.Cryptography.PublicKey.Import(NSec.Cryptography.SignatureAlgorithm.Ed25519, _entry.Author.PublicKey, NSec.Cryptography.KeyBlobFormat.RawPublicKey);

    [Benchmark(Description = "encode a Push")]
    public int Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        new Envelope(new Push(_entry)).Encode(buffer);
        return buffer.WrittenCount;
    }

    [Benchmark(Description = "decode a Push")]
    public Message Decode() => Envelope.Decode(_push, Frames.DefaultMaxPayload).Message;

    [Benchmark(Description = "commit one entry alone")]
    public void CommitOne() => _store.Add([Next()]);

    [Benchmark(OperationsPerInvoke = Group, Description = "commit in a group of 100 (per entry)")]
    public void CommitGroup() => _store.Add([.. Enumerable.Range(0, Group).Select(_ => Next())]);

    private GossipEntry Next() => _entry with { Id = GossipEntry.ComputeId("bench", _key.Did, ++_timestamp, _payload), TimestampMs = _timestamp };
}
