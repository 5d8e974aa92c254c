using Icn.Observability.Catalogue;

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

public static class RejectReasons
{
    /// <summary>The reason's label value, as metrics, quarantine and RPC answers name it.</summary>
    public static string Label(this RejectReason reason) => EnumLabels<RejectReason>.Of(reason);
}
