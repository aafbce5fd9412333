using System.Globalization;
using Zeren.Core.Platform;

namespace Zeren.Core.Obligations;

/// <summary>How often an obligation of the calendar recurs.</summary>
public enum ObligationRecurrence
{
    /// <summary>每月 (一月一对账).</summary>
    Monthly = 1,

    /// <summary>每季度.</summary>
    Quarterly = 2,

    /// <summary>每半年 (半年一汇报).</summary>
    HalfYearly = 3,

    /// <summary>每年 (全年大对账, 年底大考评).</summary>
    Yearly = 4,
}

/// <summary>
/// One period of a recurrence in China dates: <c>2026-11</c>, <c>2026-Q4</c>, <c>2026-H2</c>, <c>2026</c>. Index is the
/// month (1–12), quarter (1–4) or half (1–2); 0 for a year.
/// </summary>
public readonly record struct ObligationPeriod(ObligationRecurrence Recurrence, int Year, int Index)
{
    private int Months => Recurrence switch
    {
        ObligationRecurrence.Monthly => 1,
        ObligationRecurrence.Quarterly => 3,
        ObligationRecurrence.HalfYearly => 6,
        _ => 12,
    };

    /// <summary>The period of a recurrence a China date lies in.</summary>
    public static ObligationPeriod Containing(DateOnly day, ObligationRecurrence recurrence) => recurrence switch
    {
        ObligationRecurrence.Monthly => new(recurrence, day.Year, day.Month),
        ObligationRecurrence.Quarterly => new(recurrence, day.Year, ((day.Month - 1) / 3) + 1),
        ObligationRecurrence.HalfYearly => new(recurrence, day.Year, day.Month <= 6 ? 1 : 2),
        _ => new(recurrence, day.Year, 0),
    };

    /// <summary>First day.</summary>
    public DateOnly Start => new(Year, Recurrence == ObligationRecurrence.Yearly ? 1 : ((Index - 1) * Months) + 1, 1);

    /// <summary>Last day (a month's end, however long the month).</summary>
    public DateOnly LastDay => Start.AddMonths(Months).AddDays(-1);

    public ObligationPeriod Next => Containing(Start.AddMonths(Months), Recurrence);

    /// <summary>The key stored with an obligation: 2026-11, 2026-Q4, 2026-H2, 2026.</summary>
    public string Key => Recurrence switch
    {
        ObligationRecurrence.Monthly => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Index:D2}"),
        ObligationRecurrence.Quarterly => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-Q{Index}"),
        ObligationRecurrence.HalfYearly => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-H{Index}"),
        _ => Year.ToString("D4", CultureInfo.InvariantCulture),
    };

    /// <summary>In Chinese: 2026年11月, 2026年第四季度, 2026年下半年, 2026年.</summary>
    public string Label => Recurrence switch
    {
        ObligationRecurrence.Monthly => $"{Year}年{Index}月",
        ObligationRecurrence.Quarterly => $"{Year}年第{"一二三四"[Index - 1]}季度",
        ObligationRecurrence.HalfYearly => $"{Year}年{(Index == 1 ? "上" : "下")}半年",
        _ => $"{Year}年",
    };

    public override string ToString() => Key;

    /// <summary>Reads a key back (2026-11, 2026-Q4, 2026-H2, 2026).</summary>
    public static bool TryParse(string? text, out ObligationPeriod period)
    {
        period = default;
        var t = text?.Trim() ?? "";
        if (t.Length == 7 && t[4] == '-' && (t[5] is 'H' or 'h') && t[6] is '1' or '2'
            && int.TryParse(t.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year >= 1900)
        {
            period = new(ObligationRecurrence.HalfYearly, year, t[6] - '0');
            return true;
        }
        if (!Platform.Period.TryParse(t, out var p))
        {
            return false;
        }
        period = p.Kind switch
        {
            PeriodKind.Month => new(ObligationRecurrence.Monthly, p.Year, p.Index),
            PeriodKind.Quarter => new(ObligationRecurrence.Quarterly, p.Year, p.Index),
            _ => new(ObligationRecurrence.Yearly, p.Year, 0),
        };
        return true;
    }
}

/// <summary>
/// When the obligations of one calendar entry fall due and open: due on <see cref="DueDay"/> of the month
/// <see cref="DueMonthsAfter"/> months after the period's last month (a day past a short month's end is its last day:
/// 31 means the month's end), and opened <see cref="LeadDays"/> days before. The monthly reconciliation (一月一对账) is
/// <c>(Monthly, 1, 5, …)</c>: due by the 5th of the next month. Pure arithmetic on China dates, tested without a database.
/// </summary>
public sealed record CalendarRule(ObligationRecurrence Recurrence, int DueMonthsAfter, int DueDay, int LeadDays)
{
    public const int MaxMonthsAfter = 12;
    public const int MaxLeadDays = 366;

    /// <summary>The last China day a period's obligation may be done on.</summary>
    public DateOnly DueOn(ObligationPeriod period)
    {
        var lastMonth = new DateOnly(period.LastDay.Year, period.LastDay.Month, 1).AddMonths(DueMonthsAfter);
        var day = Math.Min(Math.Max(1, DueDay), DateTime.DaysInMonth(lastMonth.Year, lastMonth.Month));
        return new DateOnly(lastMonth.Year, lastMonth.Month, day);
    }

    /// <summary>The day a period's obligation is opened (shown as owed and on the home page).</summary>
    public DateOnly OpensOn(ObligationPeriod period) => DueOn(period).AddDays(-LeadDays);

    /// <summary>
    /// The periods whose obligation is open on <paramref name="today"/>: opened on or before it and not yet past due. A
    /// period whose whole window passed while nothing ran is not owed afterwards (a township added later, an app started
    /// later, owes no period already due).
    /// </summary>
    public IReadOnlyList<ObligationPeriod> PeriodsOpenOn(DateOnly today)
    {
        var periods = new List<ObligationPeriod>();
        // A period ends at most MaxMonthsAfter months and a month before its due day, and opens at most MaxLeadDays before it.
        var last = ObligationPeriod.Containing(today.AddDays(MaxLeadDays), Recurrence);
        for (var p = ObligationPeriod.Containing(today.AddMonths(-(MaxMonthsAfter + 1)), Recurrence); p.Start <= last.Start; p = p.Next)
        {
            if (OpensOn(p) <= today && today <= DueOn(p))
            {
                periods.Add(p);
            }
        }
        return periods;
    }

    /// <summary>Every rule the rule breaks, with its field.</summary>
    public IReadOnlyList<ValidationError> Check()
    {
        var errors = new List<ValidationError>();
        if (!Enum.IsDefined(Recurrence))
        {
            errors.Add(new("recurrence", "周期应为每月、每季度、每半年或每年。", Code: "schedule_recurrence"));
        }
        if (DueMonthsAfter is < 0 or > MaxMonthsAfter)
        {
            errors.Add(new("dueMonthsAfter", $"截止月份应为期末当月（0）到其后 {MaxMonthsAfter} 个月之间。", Code: "schedule_due_month"));
        }
        if (DueDay is < 1 or > 31)
        {
            errors.Add(new("dueDay", "截止日应在 1 到 31 之间（大于当月天数时为月末）。", Code: "schedule_due_day"));
        }
        if (LeadDays is < 0 or > MaxLeadDays)
        {
            errors.Add(new("leadDays", $"提前生成天数应在 0 到 {MaxLeadDays} 之间。", Code: "schedule_lead_days"));
        }
        return errors;
    }
}
