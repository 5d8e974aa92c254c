namespace Icn.Ledger.Rules;

/// <summary>Why a record is not applied; the label values of <c>icn_ledger_transfers_rejected_total</c>, in order.</summary>
public enum RejectReason
{
    /// <summary>The signature does not verify against the signer's DID.</summary>
    BadSignature,

    /// <summary>Zero or negative amount, a payer paying itself, a bad symbol or decimals, a negative limit.</summary>
    Invalid,

    /// <summary>The currency does not exist (at that point of the replay).</summary>
    UnknownCurrency,

    /// <summary>The payer would go below its credit limit.</summary>
    OverLimit,

    /// <summary>Another record already took this payer's sequence number (a fork, or a replay).</summary>
    Fork,

    /// <summary>A currency with this symbol exists already.</summary>
    DuplicateCurrency,

    /// <summary>A credit limit signed by someone other than the currency's creator.</summary>
    NotCreator,
}

/// <summary>Label values and messages for <see cref="RejectReason"/>.</summary>
public static class RejectReasons
{
    public static IReadOnlyList<string> Labels { get; } =
        ["bad_signature", "invalid", "unknown_currency", "over_limit", "fork", "duplicate_currency", "not_creator"];

    public static string Label(this RejectReason reason) => Labels[(int)reason];
}
