namespace Icn.Storage;

/// <summary>The stores in a data directory: the <c>store</c> label of the storage metrics.</summary>
public enum Store
{
    /// <summary>ledger.db: the mutual-credit journal.</summary>
    Ledger,

    /// <summary>gossip.db: topics and their entries.</summary>
    Gossip,

    /// <summary>trust.db: this node's trust edges and the attestations of those it trusts.</summary>
    Trust,
}

public static class Stores
{
    /// <summary>The store's file in the data directory, as <see cref="StorageException.File"/> names it.</summary>
    public static string FileName(this Store store) => $"{Observability.Catalogue.EnumLabels<Store>.Of(store)}.db";

    /// <summary>The store a file belongs to, if it is one.</summary>
    public static Store? OfFile(string fileName) =>
        Enum.GetValues<Store>().Cast<Store?>().FirstOrDefault(s => s!.Value.FileName() == fileName);
}
