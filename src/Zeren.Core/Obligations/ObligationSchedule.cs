using System.ComponentModel;
using Zeren.Core.Organizations;
using Zeren.Core.Platform;

namespace Zeren.Core.Obligations;

/// <summary>Who owes the obligations of a calendar entry.</summary>
public enum ScheduleTargets
{
    /// <summary>Every organization at a level of the tree (of a domain and kind, when given): one each, owed to its parent.</summary>
    Orgs = 1,

    /// <summary>
    /// The capability that owns the kind lists them (<see cref="IObligationGenerator"/>): the monthly reconciliation of
    /// every open project. The calendar gives the periods and the due day.
    /// </summary>
    Generator = 2,
}

/// <summary>
/// 履责日历: one recurring obligation of the cadence (seed 000 §3: 一月一对账、半年一汇报、全年大对账、年底大考评), kept as data
/// that the 系统管理员 changes. The daily job opens, for each active entry and each period open that day
/// (<see cref="CalendarRule.PeriodsOpenOn"/>), the obligation of every target organization (<see cref="ScheduleTargets.Orgs"/>),
/// or hands the periods to the capability's generator (<see cref="ScheduleTargets.Generator"/>). A change applies to the
/// obligations opened from then on and to those still open of the periods open that day.
/// </summary>
[DisplayName("履责日历")]
public sealed class ObligationSchedule
{
    public const int NoteMax = 200;

    private ObligationSchedule()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The kind of the obligations it opens (unique).</summary>
    [DisplayName("事项类型")]
    public string Kind { get; private set; } = "";

    /// <summary>The obligation's name after the period's label: 2026年第四季度 + 党建工作报告.</summary>
    [DisplayName("事项名称")]
    public string Title { get; private set; } = "";

    [DisplayName("周期")]
    public ObligationRecurrence Recurrence { get; private set; }

    [DisplayName("截止月份（期末后）")]
    public int DueMonthsAfter { get; private set; }

    [DisplayName("截止日")]
    public int DueDay { get; private set; }

    [DisplayName("提前生成天数")]
    public int LeadDays { get; private set; }

    [DisplayName("责任对象")]
    public ScheduleTargets Targets { get; private set; }

    /// <summary>For <see cref="ScheduleTargets.Orgs"/>: the level of the tree (1: the townships under the county).</summary>
    [DisplayName("组织层级")]
    public int? TargetDepth { get; private set; }

    [DisplayName("组织领域")]
    public OrgDomain? TargetDomain { get; private set; }

    [DisplayName("组织类别")]
    public OrgKind? TargetKind { get; private set; }

    [DisplayName("启用")]
    public bool Active { get; private set; }

    [DisplayName("说明")]
    public string? Note { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    [DisplayName("设置人")]
    public string UpdatedBy { get; private set; } = "";

    public CalendarRule Rule => new(Recurrence, DueMonthsAfter, DueDay, LeadDays);

    public static ObligationSchedule Create(ScheduleInput input, DateTimeOffset now, string by, Guid? id = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var kind = input.Kind?.Trim() ?? "";
        var errors = new List<ValidationError>();
        if (kind.Length == 0 || kind.Length > Obligation.KindMax || !kind.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-'))
        {
            errors.Add(new("kind", $"事项类型应为小写字母、数字、点和连字符组成的键（不超过 {Obligation.KindMax} 个字符），如 calendar.quarterly-report。", Code: "schedule_kind"));
        }
        var schedule = new ObligationSchedule { Id = id ?? Ids.New(), Kind = kind, CreatedAt = now };
        errors.AddRange(schedule.Apply(input, now, by));
        ValidationFailedException.ThrowIfAny(errors);
        return schedule;
    }

    /// <summary>Changes the entry (its kind stays: obligations already opened carry it).</summary>
    public void Update(ScheduleInput input, DateTimeOffset now, string by)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = Apply(input, now, by).ToList();
        if (!string.Equals(input.Kind?.Trim(), Kind, StringComparison.Ordinal))
        {
            errors.Insert(0, new("kind", "事项类型创建后不能修改（已生成的事项以它为准）。", Code: "schedule_kind_fixed"));
        }
        ValidationFailedException.ThrowIfAny(errors);
    }

    private List<ValidationError> Apply(ScheduleInput input, DateTimeOffset now, string by)
    {
        var errors = new List<ValidationError>();
        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0 || title.Length > 100)
        {
            errors.Add(new("title", "请填写事项名称（不超过 100 个字）。", Code: "schedule_title"));
        }
        var rule = new CalendarRule(input.Recurrence, input.DueMonthsAfter, input.DueDay, input.LeadDays);
        errors.AddRange(rule.Check());
        if (!Enum.IsDefined(input.Targets))
        {
            errors.Add(new("targets", "责任对象应为某一层级的组织或由业务模块生成。", Code: "schedule_targets"));
        }
        if (input.Targets == ScheduleTargets.Orgs && input.TargetDepth is not (>= 1 and <= 5))
        {
            errors.Add(new("targetDepth", "请选择责任组织的层级（1 为县以下第一级，如乡镇）。", Code: "schedule_target_depth"));
        }
        if (input.TargetDomain is { } domain && !Enum.IsDefined(domain))
        {
            errors.Add(new("targetDomain", "未知的组织领域。", Code: "schedule_target_domain"));
        }
        if (input.TargetKind is { } orgKind && !Enum.IsDefined(orgKind))
        {
            errors.Add(new("targetKind", "未知的组织类别。", Code: "schedule_target_kind"));
        }
        var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        if (note?.Length > NoteMax)
        {
            errors.Add(new("note", $"说明不能超过 {NoteMax} 个字。", Code: "schedule_note"));
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        Title = title;
        Recurrence = input.Recurrence;
        DueMonthsAfter = input.DueMonthsAfter;
        DueDay = input.DueDay;
        LeadDays = input.LeadDays;
        Targets = input.Targets;
        var toOrgs = input.Targets == ScheduleTargets.Orgs;
        TargetDepth = toOrgs ? input.TargetDepth : null;
        TargetDomain = toOrgs ? input.TargetDomain : null;
        TargetKind = toOrgs ? input.TargetKind : null;
        Active = input.Active;
        Note = note;
        UpdatedAt = now;
        UpdatedBy = by;
        return errors;
    }
}

/// <summary>What the 系统管理员 enters for an entry of the obligation calendar.</summary>
public sealed record ScheduleInput(
    string Kind,
    string Title,
    ObligationRecurrence Recurrence,
    int DueMonthsAfter,
    int DueDay,
    int LeadDays,
    ScheduleTargets Targets,
    int? TargetDepth = null,
    OrgDomain? TargetDomain = null,
    OrgKind? TargetKind = null,
    bool Active = true,
    string? Note = null);

/// <summary>
/// The calendar of seed 000 §3 as the migration first writes it (fixed ids); the 系统管理员 changes it from there. The
/// monthly reconciliation's obligations are listed by the projects capability (<see cref="ScheduleTargets.Generator"/>).
/// </summary>
public static class ScheduleDefaults
{
    public const string QuarterlyReport = "calendar.quarterly-report";
    public const string HalfYearReport = "calendar.half-year-report";
    public const string YearEndReconciliation = "calendar.year-end-reconciliation";
    public const string YearEndAssessment = "calendar.year-end-assessment";

    /// <summary>一月一对账: every open project, by the 5th of the next month.</summary>
    public const string ProjectReconciliation = "project.reconciliation";

    /// <summary>
    /// 报送年度党建思路: every township's plan for the coming year. Its period is the year before the plan's (the plan for
    /// 2027 is owed once 2026 ends, by 31 January 2027, and shows from 1 December 2026).
    /// </summary>
    public const string PlanSubmission = "plan.submission";

    public static readonly DateTimeOffset CreatedAt = new(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);

    public const string CreatedBy = "system";

    public static IReadOnlyList<(Guid Id, ScheduleInput Entry)> All { get; } =
    [
        (new Guid("0193a000-0000-7000-8000-000000000001"), new(ProjectReconciliation, "项目月度对账", ObligationRecurrence.Monthly, 1, 5, 10,
            ScheduleTargets.Generator, Note: "一月一对账：每个在建项目于次月 5 日前对账")),
        (new Guid("0193a000-0000-7000-8000-000000000002"), new(QuarterlyReport, "党建工作季度报告", ObligationRecurrence.Quarterly, 1, 10, 30,
            ScheduleTargets.Orgs, 1, OrgDomain.Comprehensive, Note: "各乡镇（街道）于季度结束后次月 10 日前报送")),
        (new Guid("0193a000-0000-7000-8000-000000000003"), new(HalfYearReport, "党建工作半年汇报", ObligationRecurrence.HalfYearly, 1, 15, 30,
            ScheduleTargets.Orgs, 1, OrgDomain.Comprehensive, Note: "半年一汇报：半年结束后次月 15 日前")),
        (new Guid("0193a000-0000-7000-8000-000000000004"), new(YearEndReconciliation, "全年大对账", ObligationRecurrence.Yearly, 0, 31, 30,
            ScheduleTargets.Orgs, 1, OrgDomain.Comprehensive, Note: "年底前完成全年项目和清单对账")),
        (new Guid("0193a000-0000-7000-8000-000000000005"), new(YearEndAssessment, "年底大考评述职材料", ObligationRecurrence.Yearly, 1, 15, 45,
            ScheduleTargets.Orgs, 1, OrgDomain.Comprehensive, Note: "年底大考评：次年 1 月 15 日前报送述职和考评材料")),
    ];

    /// <summary>The entries the first obligations migration wrote (it reads this list; entries added later have their own migration).</summary>
    public static IEnumerable<ObligationSchedule> Schedules() => All.Select(d => ObligationSchedule.Create(d.Entry, CreatedAt, CreatedBy, d.Id));

    /// <summary>
    /// 年度党建思路报送 (ADR 0022, amended): each township owes its plan for the next year, by 31 January of that year,
    /// opened 61 days before (1 December); listed by the projects capability. Written by its own migration.
    /// </summary>
    public static (Guid Id, ScheduleInput Entry) PlanSubmissionEntry { get; } =
        (new Guid("0193a000-0000-7000-8000-000000000006"), new(PlanSubmission, "年度党建思路报送", ObligationRecurrence.Yearly, 1, 31, 61,
            ScheduleTargets.Generator, Note: "三上三下：各乡镇（街道）于次年 1 月 31 日前报送新一年党建思路"));

    /// <summary>Every entry a new database starts with: <see cref="All"/> and the ones added by later migrations.</summary>
    public static IEnumerable<ObligationSchedule> Current() =>
        Schedules().Append(ObligationSchedule.Create(PlanSubmissionEntry.Entry, CreatedAt, CreatedBy, PlanSubmissionEntry.Id));
}
