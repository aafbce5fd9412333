using System.ComponentModel;
using Zeren.Core.Obligations;
using Zeren.Core.Platform;

namespace Zeren.Core.Projects;

/// <summary>
/// 一月一对账 without a database: which months an open project owes a reconciliation for, and by when. A month's
/// reconciliation is due by the end of the <c>dueDay</c>-th day of the next month (China dates); it is late when it is
/// saved after that day.
/// </summary>
public static class ReconciliationCalendar
{
    /// <summary>The calendar's seeded rule (<see cref="ScheduleDefaults"/>): due by the 5th of the next month, opened 10 days before.</summary>
    public static readonly CalendarRule DefaultRule = new(ObligationRecurrence.Monthly, 1, 5, 10);

    /// <summary>The due day of a month's reconciliation under a calendar rule (the engine's arithmetic).</summary>
    public static DateOnly DueOn(Period month, CalendarRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (month.Kind != PeriodKind.Month)
        {
            throw new ArgumentException("A reconciliation is for a month.", nameof(month));
        }
        return rule.DueOn(ObligationPeriod.Containing(month.Start, ObligationRecurrence.Monthly));
    }

    /// <summary>The due day with the seeded rule's months and lead but <paramref name="dueDay"/> as the day of the next month.</summary>
    public static DateOnly DueOn(Period month, int dueDay) => DueOn(month, DefaultRule with { DueDay = dueDay });

    /// <summary>Saved on <paramref name="savedOn"/> (China date): late when after the due day.</summary>
    public static bool IsLate(Period month, int dueDay, DateOnly savedOn) => savedOn > DueOn(month, dueDay);

    /// <summary>
    /// The months a project running from <paramref name="start"/> reconciles, through the month of <paramref name="through"/>:
    /// every month from the one it starts in (none before it starts).
    /// </summary>
    public static IReadOnlyList<Period> MonthsOwed(DateOnly start, DateOnly through)
    {
        var months = new List<Period>();
        for (var m = Period.Containing(start, PeriodKind.Month); m.Start <= through; m = Period.Containing(m.EndExclusive, PeriodKind.Month))
        {
            months.Add(m);
        }
        return months;
    }

    /// <summary>A month as the API and the obligation engine name it (2026-11); anything else is refused in Chinese.</summary>
    public static Period ParseMonth(string? text, string field = "month")
    {
        var period = Period.Parse(text, field);
        return period.Kind == PeriodKind.Month
            ? period
            : throw new DomainException("reconciliation_month_invalid", $"对账月份“{text}”应为某个月，如 2026-03。", field);
    }
}

/// <summary>
/// 月度对账 (一月一对账, seed 000 §3): for one open project and one month, the progress, the problems and the next steps,
/// saved by the township; due by the 5th of the next month (configurable), late after that. One per project and month.
/// </summary>
[DisplayName("月度对账")]
public sealed class Reconciliation
{
    public const int TextMax = 2000;

    private Reconciliation()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("党建项目")]
    public Guid ProjectId { get; private set; }

    /// <summary>The month reconciled, as yyyy-MM (sorts as text).</summary>
    [DisplayName("对账月份")]
    public string Month { get; private set; } = "";

    [DisplayName("进展情况")]
    public string Progress { get; private set; } = "";

    [DisplayName("存在问题")]
    public string? Problems { get; private set; }

    [DisplayName("下步措施")]
    public string NextSteps { get; private set; } = "";

    [DisplayName("完成进度")]
    public int Percent { get; private set; }

    [DisplayName("应交日期")]
    public DateOnly DueOn { get; private set; }

    [DisplayName("提交时间")]
    public DateTimeOffset SubmittedAt { get; private set; }

    [DisplayName("提交人")]
    public string SubmittedBy { get; private set; } = "";

    /// <summary>Saved after <see cref="DueOn"/> (China date).</summary>
    [DisplayName("逾期提交")]
    public bool Late { get; private set; }

    /// <summary>
    /// Every fault of a reconciliation at once (the month itself, a closed project, a month not yet begun or before the
    /// project started, a second one for the month, the texts and percent). <paramref name="month"/> is null when the
    /// month given did not parse (its error is in <paramref name="monthError"/>).
    /// </summary>
    public static IReadOnlyList<ValidationError> Check(Project project, Period? month, ValidationError? monthError, bool alreadyReconciled,
        string? progress, string? problems, string? nextSteps, int percent, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(project);
        var errors = new List<ValidationError>();
        if (project.IsClosed)
        {
            var closed = Project.Closed(project.Status);
            errors.Add(new ValidationError("", closed.Message, Code: "reconciliation_project_closed"));
        }
        if (monthError is not null)
        {
            errors.Add(monthError);
        }
        else if (month is { } m)
        {
            if (m.Start > today)
            {
                errors.Add(new ValidationError("month", $"{m.Label}还没有开始，不能对账。", Code: "reconciliation_month_future"));
            }
            else if (m.EndExclusive <= project.StartOn)
            {
                errors.Add(new ValidationError("month", $"项目于 {ProjectRules.Day(project.StartOn)} 开始，{m.Label}无需对账。", Code: "reconciliation_month_before_start"));
            }
            else if (alreadyReconciled)
            {
                errors.Add(new ValidationError("month", $"{m.Label}已对账，每个项目每月对账一次。", Code: "reconciliation_exists"));
            }
        }
        Required(progress, "progress", "请填写本月进展情况。", "reconciliation_progress_required", errors);
        Required(nextSteps, "nextSteps", "请填写下步措施。", "reconciliation_next_steps_required", errors);
        if (ProjectRules.Clean(problems) is { Length: > TextMax })
        {
            errors.Add(new ValidationError("problems", $"存在问题不能超过 {TextMax} 个字。", Code: "project_text_too_long"));
        }
        if (percent is < 0 or > 100)
        {
            errors.Add(new ValidationError("percent", "完成进度应在 0 到 100 之间。", Code: "progress_percent_range"));
        }
        return errors;
    }

    /// <summary>A month's reconciliation of an open project, saved now; the project's percent follows it.</summary>
    internal static Reconciliation Of(Project project, Period month, string progress, string? problems, string nextSteps, int percent, DateOnly due,
        DateOnly today, DateTimeOffset now, string by)
    {
        project.Progressed(percent, now, by);
        return new Reconciliation
        {
            Id = Ids.New(),
            ProjectId = project.Id,
            Month = month.ToString(),
            Progress = progress.Trim(),
            Problems = ProjectRules.Clean(problems),
            NextSteps = nextSteps.Trim(),
            Percent = percent,
            DueOn = due,
            SubmittedAt = now,
            SubmittedBy = by,
            Late = today > due,
        };
    }

    /// <summary>A reconciliation of the demo county's past, saved on <paramref name="savedOn"/> (late or not by that day).</summary>
    internal static Reconciliation Past(Guid projectId, Period month, string progress, string? problems, string nextSteps, int percent, DateOnly due,
        DateOnly savedOn, DateTimeOffset savedAt, string by)
    {
        return new Reconciliation
        {
            Id = Guid.CreateVersion7(savedAt),
            ProjectId = projectId,
            Month = month.ToString(),
            Progress = progress,
            Problems = problems,
            NextSteps = nextSteps,
            Percent = percent,
            DueOn = due,
            SubmittedAt = savedAt,
            SubmittedBy = by,
            Late = savedOn > due,
        };
    }

    private static void Required(string? text, string field, string missing, string code, List<ValidationError> errors)
    {
        var clean = ProjectRules.Clean(text);
        if (clean is null)
        {
            errors.Add(new ValidationError(field, missing, Code: code));
        }
        else if (clean.Length > TextMax)
        {
            errors.Add(new ValidationError(field, $"不能超过 {TextMax} 个字。", Code: "project_text_too_long"));
        }
    }
}
