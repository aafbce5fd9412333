using System.Globalization;

namespace Zeren.Core.Platform;

/// <summary>How long a period is. Finer kinds have smaller values.</summary>
public enum PeriodKind
{
    Month = 1,      // 月
    Quarter = 2,    // 季度
    Year = 3,       // 年
}

/// <summary>
/// A calendar month, quarter or year in China time: <c>2026-03</c>, <c>2026-Q1</c>, <c>2026</c>. Dates belong to
/// it by their Asia/Shanghai date (<see cref="ChinaTime"/>); Shanghai keeps no daylight saving, so the period's
/// first instant is its first day at 00:00 +08:00.
/// </summary>
public readonly record struct Period(PeriodKind Kind, int Year, int Index)
{
    public static Period Month(int year, int month) => new(PeriodKind.Month, year, month);

    public static Period Quarter(int year, int quarter) => new(PeriodKind.Quarter, year, quarter);

    public static Period OfYear(int year) => new(PeriodKind.Year, year, 0);

    /// <summary>The years a period may lie in: from 1900, and short of 9999, whose end (the first day after it) a date cannot hold.</summary>
    public const int MinYear = 1900, MaxYear = 9998;

    /// <summary>
    /// The working years (工作年度) a plan, list, assessment, audit round, supervision order or report may be for, and
    /// pages accept in their addresses: one range for every capability. A period as such may lie anywhere from
    /// <see cref="MinYear"/> (a birth date, a join date).
    /// </summary>
    public const int FirstWorkingYear = 2000, LastWorkingYear = 2100;

    public static bool IsWorkingYear([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] int? year) => year is >= FirstWorkingYear and <= LastWorkingYear;

    /// <summary>The refusal of a year outside <see cref="FirstWorkingYear"/>–<see cref="LastWorkingYear"/>, in one wording.</summary>
    public static string WorkingYearMessage => $"年度应在 {FirstWorkingYear} 到 {LastWorkingYear} 之间。";

    /// <summary><paramref name="year"/> when a period may lie in it; otherwise a refusal naming <paramref name="field"/> (422, not a failed date sum).</summary>
    public static int CheckYear(int year, string field = "year") =>
        year is >= MinYear and <= MaxYear
            ? year
            : throw new DomainException("year_invalid", $"年份“{year}”无效：应在 {MinYear} 到 {MaxYear} 之间。", field);

    /// <summary>The period of <paramref name="kind"/> a date lies in.</summary>
    public static Period Containing(DateOnly day, PeriodKind kind) => kind switch
    {
        PeriodKind.Month => Month(day.Year, day.Month),
        PeriodKind.Quarter => Quarter(day.Year, ((day.Month - 1) / 3) + 1),
        _ => OfYear(day.Year),
    };

    /// <summary>First day.</summary>
    public DateOnly Start => Kind switch
    {
        PeriodKind.Month => new DateOnly(Year, Index, 1),
        PeriodKind.Quarter => new DateOnly(Year, ((Index - 1) * 3) + 1, 1),
        _ => new DateOnly(Year, 1, 1),
    };

    /// <summary>The day after the last day.</summary>
    public DateOnly EndExclusive => Kind switch
    {
        PeriodKind.Month => Start.AddMonths(1),
        PeriodKind.Quarter => Start.AddMonths(3),
        _ => Start.AddYears(1),
    };

    public DateOnly LastDay => EndExclusive.AddDays(-1);

    /// <summary>The first instant (UTC) of the period.</summary>
    public DateTimeOffset StartInstant => new DateTimeOffset(Start.ToDateTime(TimeOnly.MinValue), ChinaTime.Zone.BaseUtcOffset).ToUniversalTime();

    public bool Contains(DateOnly day) => day >= Start && day < EndExclusive;

    /// <summary>The quarter (1–4) a month lies in.</summary>
    public static int QuarterOf(int month) => ((month - 1) / 3) + 1;

    /// <summary>This period cut into periods of a kind no longer than its own (a year into 12 months, …).</summary>
    public IReadOnlyList<Period> Units(PeriodKind unit)
    {
        if (unit > Kind)
        {
            throw new ArgumentOutOfRangeException(nameof(unit), "A period cannot be cut into longer periods.");
        }
        var units = new List<Period>();
        for (var day = Start; day < EndExclusive;)
        {
            var p = Containing(day, unit);
            units.Add(p);
            day = p.EndExclusive;
        }
        return units;
    }

    public Period Previous => Kind switch
    {
        PeriodKind.Month => Containing(Start.AddMonths(-1), Kind),
        PeriodKind.Quarter => Containing(Start.AddMonths(-3), Kind),
        _ => OfYear(Year - 1),
    };

    public override string ToString() => Kind switch
    {
        PeriodKind.Month => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Index:D2}"),
        PeriodKind.Quarter => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-Q{Index}"),
        _ => Year.ToString("D4", CultureInfo.InvariantCulture),
    };

    /// <summary>In Chinese: 2026年3月, 2026年第一季度, 2026年.</summary>
    public string Label => Kind switch
    {
        PeriodKind.Month => $"{Year}年{Index}月",
        PeriodKind.Quarter => $"{Year}年第{"一二三四"[Index - 1]}季度",
        _ => $"{Year}年",
    };

    public static bool TryParse(string? text, out Period period)
    {
        period = default;
        var t = text?.Trim() ?? "";
        if (t.Length == 4 && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= MinYear and <= MaxYear)
        {
            period = OfYear(y);
            return true;
        }
        if (t.Length == 7 && t[4] == '-' && int.TryParse(t.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out y) && y is >= MinYear and <= MaxYear)
        {
            if ((t[5] is 'Q' or 'q') && t[6] is >= '1' and <= '4')
            {
                period = Quarter(y, t[6] - '0');
                return true;
            }
            if (int.TryParse(t.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 12)
            {
                period = Month(y, m);
                return true;
            }
        }
        return false;
    }

    /// <summary>Parses a period or refuses with a Chinese message naming the accepted forms.</summary>
    public static Period Parse(string? text, string field = "period") =>
        TryParse(text, out var p)
            ? p
            : throw new DomainException("period_invalid", $"期间“{text}”格式不正确：应为 2026-03（月）、2026-Q1（季度）或 2026（年）。", field);
}
