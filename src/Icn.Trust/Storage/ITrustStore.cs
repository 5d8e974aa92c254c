using Icn.Core.Identity;

namespace Icn.Trust.Storage;

/// <summary>
/// Where trust is kept: signed attestations, this node's own edges among them, one per (source, target). A call
/// that writes returns once the change is durable; failures are <see cref="Icn.Storage.StorageException"/>s
/// naming the file. Rows are returned as stored: the caller verifies them.
/// </summary>
public interface ITrustStore : IDisposable
{
    /// <summary>The file's name (or a description of the store), for messages.</summary>
    string File { get; }

    IReadOnlyList<byte[]> Load();

    /// <summary>Stores an encoded attestation, replacing the one from the same source about the same target.</summary>
    void Put(Did source, Did target, byte[] attestation);

    void Remove(Did source, Did target);

    /// <summary>Removes everything <paramref name="source"/> attested.</summary>
    void RemoveFrom(Did source);

    /// <summary>Deletes rows that failed verification; they are logged and counted by the caller.</summary>
    void RemoveDamaged(IReadOnlyList<byte[]> rows);
}
