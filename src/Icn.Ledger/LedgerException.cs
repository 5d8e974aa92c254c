using Icn.Ledger.Rules;

namespace Icn.Ledger;

/// <summary>A local ledger operation refused, with the reason and a message fit for the person who asked.</summary>
public sealed class LedgerException(RejectReason reason, string message) : Exception(message)
{
    public RejectReason Reason { get; } = reason;
}
