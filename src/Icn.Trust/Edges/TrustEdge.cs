using Icn.Core.Canonical;
using Icn.Core.Identity;

namespace Icn.Trust.Edges;

/// <summary>
/// One DID's trust in another: a score in [0, 1] (kept to four decimals, as attestations carry it), labels, free
/// evidence, when it was made and, optionally, when it lapses. An edge whose source is this node is direct trust;
/// one from another node reaches this node only as a signed <see cref="Attestation"/>.
/// </summary>
public sealed record TrustEdge
{
    public const int MaxLabels = 8;
    public const int MaxLabelBytes = 64;
    public const int MaxEvidenceBytes = 512;

    /// <summary>Scores are kept in ten-thousandths: what an attestation carries, so a shared edge is the edge.</summary>
    public const int ScoreScale = 10_000;

    public TrustEdge(Did source, Did target, double score, IReadOnlyList<string>? labels = null, string evidence = "", long createdMs = 0, long? expiresMs = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        Source = source;
        Target = target;
        Score = Math.Round(score * ScoreScale) / ScoreScale;
        Labels = labels ?? [];
        Evidence = evidence ?? "";
        CreatedMs = createdMs;
        ExpiresMs = expiresMs;
        if (Problem() is { } problem)
        {
            throw new ArgumentException(problem);
        }
    }

    public Did Source { get; }

    public Did Target { get; }

    public double Score { get; }

    public IReadOnlyList<string> Labels { get; }

    public string Evidence { get; }

    public long CreatedMs { get; }

    public long? ExpiresMs { get; }

    /// <summary>True while the edge counts: it has not expired at <paramref name="nowMs"/>.</summary>
    public bool IsLive(long nowMs) => ExpiresMs is not { } expires || expires > nowMs;

    private string? Problem()
    {
        if (double.IsNaN(Score) || Score is < 0 or > 1)
        {
            return $"a trust score is from 0 to 1 (got {Score})";
        }

        if (Source == Target)
        {
            return "a DID does not trust itself by an edge: the node's own score is always 1";
        }

        if (Labels.Count > MaxLabels)
        {
            return $"an edge has at most {MaxLabels} labels (got {Labels.Count})";
        }

        if (Labels.FirstOrDefault(l => string.IsNullOrWhiteSpace(l) || Utf8(l) > MaxLabelBytes || l.Any(char.IsControl)) is { } label)
        {
            return $"label '{label}' must be 1 to {MaxLabelBytes} bytes of UTF-8, without control characters";
        }

        if (Utf8(Evidence) > MaxEvidenceBytes)
        {
            return $"evidence is at most {MaxEvidenceBytes} bytes of UTF-8";
        }

        return ExpiresMs is { } expires && expires <= CreatedMs ? "an edge must expire after it is made" : null;
    }

    private static int Utf8(string text)
    {
        try
        {
            return CanonicalWriter.Utf8Length(text);
        }
        catch (EncodeException)
        {
            return int.MaxValue;
        }
    }
}
