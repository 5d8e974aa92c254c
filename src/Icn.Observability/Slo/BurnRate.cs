namespace Icn.Observability.Slo;

/// <summary>
/// One tier of multiwindow, multi-burn-rate alerting (the SRE workbook, chapter 5): the alert fires when the error
/// ratio over both windows exceeds <see cref="Factor"/> times the budget. The long window says the budget is really
/// burning; the short one that it still is, so the alert resets soon after the burning stops.
/// </summary>
/// <param name="Name">fast, slow or steady: the <c>burn</c> label.</param>
/// <param name="Severity">page (someone acts now) or ticket (this week): the <c>severity</c> label Alertmanager routes by.</param>
/// <param name="Long">The long window, which shows the budget is really burning.</param>
/// <param name="Short">The short window, which shows it still is.</param>
/// <param name="Factor">How many times faster than the objective allows the budget burns when the alert fires.</param>
/// <param name="For">How long both windows must agree before the alert fires.</param>
/// <param name="Budget">The share of the 30-day budget spent when the alert fires: 2 % in 1 h, 5 % in 6 h, 10 % in 3 d.</param>
public sealed record BurnRate(string Name, string Severity, string Long, string Short, double Factor, string For, string Budget)
{
    /// <summary>The three tiers, with the workbook's factors for a 30-day objective.</summary>
    public static IReadOnlyList<BurnRate> Tiers { get; } =
    [
        new("fast", "page", "1h", "5m", 14.4, "2m", "2 % of the 30-day budget in 1 hour"),
        new("slow", "page", "6h", "30m", 6, "15m", "5 % of the 30-day budget in 6 hours"),
        new("steady", "ticket", "3d", "6h", 1, "1h", "10 % of the 30-day budget in 3 days"),
    ];

    /// <summary>Every window a recording rule is kept for, shortest first.</summary>
    public static IReadOnlyList<string> Windows { get; } = ["5m", "30m", "1h", "6h", "3d"];

    /// <summary>The recording rule holding an SLO's error ratio over <paramref name="window"/>.</summary>
    public static string Recorded(string window) => $"instance:icn_slo_errors:ratio_rate{window}";
}
