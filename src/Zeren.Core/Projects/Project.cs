using System.ComponentModel;
using Zeren.Core.Platform;

namespace Zeren.Core.Projects;

/// <summary>
/// 项目状态. <see cref="Overdue"/> is never stored: an open project (planned or in progress) whose deadline has passed is
/// overdue on that day (<see cref="Project.StatusOn"/>), and stops being so when it is done or cancelled.
/// </summary>
public enum ProjectStatus
{
    Planned = 1,        // 未开始
    InProgress = 2,     // 推进中
    Done = 3,           // 已完成
    Overdue = 4,        // 已逾期
    Cancelled = 5,      // 已取消
}

/// <summary>
/// 党建项目 (seed 003 §1, 项目党建): a township's project with its 五定 (<see cref="ProjectTerms"/>), milestones, progress and
/// monthly reconciliations (一月一对账). Made by hand or, for a whole approved annual plan at once, as the township's
/// project ledger (项目账单). A project is open while planned or in progress; done and cancelled projects are closed and
/// take no more progress, reconciliations or changes.
/// </summary>
[DisplayName("党建项目")]
public sealed class Project
{
    public const int CancelReasonMax = 200;

    private readonly List<Milestone> milestones = [];

    private Project()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The township whose project it is.</summary>
    [DisplayName("乡镇（街道）")]
    public Guid OrgId { get; private set; }

    /// <summary>The year of the ledger it belongs to: its plan's year, else the year it starts.</summary>
    [DisplayName("年度")]
    public int Year { get; private set; }

    /// <summary>The annual plan whose ledger made it, when one did.</summary>
    [DisplayName("来源党建思路")]
    public Guid? PlanId { get; private set; }

    [DisplayName("定事项")]
    public string Name { get; private set; } = "";

    [DisplayName("定目标")]
    public string Target { get; private set; } = "";

    [DisplayName("定责任")]
    public string Responsibility { get; private set; } = "";

    [DisplayName("定人员")]
    public Guid PersonId { get; private set; }

    [DisplayName("开始日期")]
    public DateOnly StartOn { get; private set; }

    [DisplayName("定时限")]
    public DateOnly DueOn { get; private set; }

    /// <summary>Planned, in progress, done or cancelled (never <see cref="ProjectStatus.Overdue"/>, which is computed).</summary>
    [DisplayName("状态")]
    public ProjectStatus Status { get; private set; }

    /// <summary>How far it is, 0–100, from its latest progress entry or reconciliation.</summary>
    [DisplayName("完成进度")]
    public int Percent { get; private set; }

    [DisplayName("完成日期")]
    public DateOnly? DoneOn { get; private set; }

    [DisplayName("取消原因")]
    public string? CancelReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    [DisplayName("登记人")]
    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset UpdatedAt { get; private set; }

    [DisplayName("更新人")]
    public string UpdatedBy { get; private set; } = "";

    public IReadOnlyList<Milestone> Milestones => milestones;

    public bool IsClosed => Status is ProjectStatus.Done or ProjectStatus.Cancelled;

    /// <summary>The status on a day: an open project past its deadline is overdue.</summary>
    public ProjectStatus StatusOn(DateOnly today) => StatusOn(Status, DueOn, today);

    public static ProjectStatus StatusOn(ProjectStatus stored, DateOnly dueOn, DateOnly today) =>
        stored is ProjectStatus.Planned or ProjectStatus.InProgress && dueOn < today ? ProjectStatus.Overdue : stored;

    /// <summary>
    /// A project with all five 定 (checked by the caller with <see cref="ProjectRules"/>, together with what only the
    /// database knows), planned until progress is reported; the milestones lie within its time limit.
    /// </summary>
    public static Project Create(Guid orgId, int year, Guid? planId, ProjectTerms terms, IReadOnlyList<MilestoneInput> milestones, DateOnly today,
        DateTimeOffset now, string by, Guid? id = null)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(milestones);
        ValidationFailedException.ThrowIfAny([.. ProjectRules.Check(terms), .. ProjectRules.CheckMilestones(milestones, terms.StartOn, terms.DueOn, today)]);
        var project = new Project
        {
            Id = id ?? Ids.New(),
            OrgId = orgId,
            Year = year,
            PlanId = planId,
            Status = ProjectStatus.Planned,
            CreatedAt = now,
            CreatedBy = by,
        };
        project.Apply(terms, milestones, now, by);
        return project;
    }

    /// <summary>Changes the 五定 and the milestones of an open project.</summary>
    public void Revise(ProjectTerms terms, IReadOnlyList<MilestoneInput> milestones, DateOnly today, DateTimeOffset now, string by)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(milestones);
        EnsureOpen();
        ValidationFailedException.ThrowIfAny([.. ProjectRules.Check(terms), .. ProjectRules.CheckMilestones(milestones, terms.StartOn, terms.DueOn, today)]);
        Apply(terms, milestones, now, by);
    }

    /// <summary>
    /// Progress was reported (a progress entry or a monthly reconciliation): the percent follows, and a planned project
    /// with any progress is in progress. A closed project takes none.
    /// </summary>
    internal void Progressed(int percent, DateTimeOffset now, string by)
    {
        EnsureOpen();
        Percent = percent;
        if (Status == ProjectStatus.Planned && percent > 0)
        {
            Status = ProjectStatus.InProgress;
        }
        Touch(now, by);
    }

    /// <summary>Something of the project's own rows changed (evidence added): its update stamp moves, so the write guard checks its township.</summary>
    internal void Touch(DateTimeOffset now, string by)
    {
        UpdatedAt = now;
        UpdatedBy = by;
    }

    /// <summary>Done (已完成) on a day, not before it started nor after today: 100 %.</summary>
    public void Complete(DateOnly on, DateOnly today, DateTimeOffset now, string by)
    {
        EnsureOpen();
        if (on > today)
        {
            throw new DomainException("project_done_future", "完成日期不能晚于今天。", "doneOn");
        }
        if (on < StartOn)
        {
            throw new DomainException("project_done_before_start", $"完成日期不能早于项目开始日期（{ProjectRules.Day(StartOn)}）。", "doneOn");
        }
        Status = ProjectStatus.Done;
        DoneOn = on;
        Percent = 100;
        Touch(now, by);
    }

    /// <summary>Cancelled (已取消), with the reason, which stays with the project.</summary>
    public void Cancel(string? reason, DateTimeOffset now, string by)
    {
        EnsureOpen();
        var text = ProjectRules.Clean(reason) ?? throw new DomainException("project_cancel_reason_required", "请填写取消项目的原因。", "reason");
        if (text.Length > CancelReasonMax)
        {
            throw new DomainException("project_cancel_reason_too_long", $"取消原因不能超过 {CancelReasonMax} 个字。", "reason");
        }
        Status = ProjectStatus.Cancelled;
        CancelReason = text;
        Touch(now, by);
    }

    /// <summary>Refuses to change a done or cancelled project.</summary>
    public void EnsureOpen()
    {
        if (IsClosed)
        {
            throw Closed(Status);
        }
    }

    public static DomainException Closed(ProjectStatus status) => new("project_closed",
        status == ProjectStatus.Done ? "项目已完成，不能再修改或登记进展、对账。" : "项目已取消，不能再修改或登记进展、对账。");

    private void Apply(ProjectTerms terms, IReadOnlyList<MilestoneInput> input, DateTimeOffset now, string by)
    {
        Name = terms.Name!.Trim();
        Target = terms.Target!.Trim();
        Responsibility = terms.Responsibility!.Trim();
        PersonId = terms.PersonId!.Value;
        StartOn = terms.StartOn!.Value;
        DueOn = terms.DueOn!.Value;
        // By position: the first milestone given changes the first kept, extra ones are added, missing ones removed.
        for (var i = 0; i < input.Count; i++)
        {
            var m = input[i];
            if (i < milestones.Count)
            {
                milestones[i].Set(m.Title!.Trim(), m.DueOn!.Value, m.DoneOn);
            }
            else
            {
                milestones.Add(new Milestone(Id, i + 1, m.Title!.Trim(), m.DueOn!.Value, m.DoneOn));
            }
        }
        milestones.RemoveRange(input.Count, milestones.Count - input.Count);
        Touch(now, by);
    }
}

/// <summary>里程碑: a step of a project reached by a day; <see cref="DoneOn"/> once it is.</summary>
[DisplayName("项目里程碑")]
public sealed class Milestone
{
    private Milestone()
    {
    }

    internal Milestone(Guid projectId, int ordinal, string title, DateOnly dueOn, DateOnly? doneOn)
    {
        Id = Ids.New();
        ProjectId = projectId;
        Ordinal = ordinal;
        Set(title, dueOn, doneOn);
    }

    public Guid Id { get; private set; }

    [DisplayName("党建项目")]
    public Guid ProjectId { get; private set; }

    [DisplayName("序号")]
    public int Ordinal { get; private set; }

    [DisplayName("里程碑")]
    public string Title { get; private set; } = "";

    [DisplayName("计划日期")]
    public DateOnly DueOn { get; private set; }

    [DisplayName("完成日期")]
    public DateOnly? DoneOn { get; private set; }

    internal void Set(string title, DateOnly dueOn, DateOnly? doneOn)
    {
        Title = title;
        DueOn = dueOn;
        DoneOn = doneOn;
    }
}

/// <summary>进展: what was done, how far the project is, on a day, with evidence files (<see cref="ProgressEvidence"/>).</summary>
[DisplayName("项目进展")]
public sealed class ProgressEntry
{
    public const int TextMax = 2000;

    private ProgressEntry()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("党建项目")]
    public Guid ProjectId { get; private set; }

    [DisplayName("日期")]
    public DateOnly On { get; private set; }

    [DisplayName("进展情况")]
    public string Text { get; private set; } = "";

    [DisplayName("完成进度")]
    public int Percent { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    [DisplayName("登记人")]
    public string CreatedBy { get; private set; } = "";

    /// <summary>Every fault of a progress report at once: a day not after today nor before the project started, a text, a percent 0–100.</summary>
    public static IReadOnlyList<ValidationError> Check(Project project, DateOnly? on, string? text, int percent, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(project);
        var errors = new List<ValidationError>();
        if (on is not { } day)
        {
            errors.Add(new ValidationError("on", "请填写进展日期。", Code: "progress_date_required"));
        }
        else if (day > today)
        {
            errors.Add(new ValidationError("on", "进展日期不能晚于今天。", Code: "progress_date_future"));
        }
        else if (day < project.StartOn)
        {
            errors.Add(new ValidationError("on", $"进展日期不能早于项目开始日期（{ProjectRules.Day(project.StartOn)}）。", Code: "progress_date_before_start"));
        }
        var clean = ProjectRules.Clean(text);
        if (clean is null)
        {
            errors.Add(new ValidationError("text", "请填写进展情况。", Code: "progress_text_required"));
        }
        else if (clean.Length > TextMax)
        {
            errors.Add(new ValidationError("text", $"进展情况不能超过 {TextMax} 个字。", Code: "project_text_too_long"));
        }
        if (percent is < 0 or > 100)
        {
            errors.Add(new ValidationError("percent", "完成进度应在 0 到 100 之间。", Code: "progress_percent_range"));
        }
        return errors;
    }

    /// <summary>A progress report of an open project; the project's percent and status follow it.</summary>
    internal static ProgressEntry Of(Project project, DateOnly? on, string? text, int percent, DateOnly today, DateTimeOffset now, string by)
    {
        project.EnsureOpen();
        ValidationFailedException.ThrowIfAny(Check(project, on, text, percent, today));
        project.Progressed(percent, now, by);
        return new ProgressEntry
        {
            Id = Ids.New(),
            ProjectId = project.Id,
            On = on!.Value,
            Text = text!.Trim(),
            Percent = percent,
            CreatedAt = now,
            CreatedBy = by,
        };
    }
}

/// <summary>佐证材料: an uploaded file (photo, scan) kept with a progress entry.</summary>
[DisplayName("进展佐证材料")]
public sealed class ProgressEvidence
{
    /// <summary>How many files one progress entry keeps at most.</summary>
    public const int MaxPerEntry = 10;

    private ProgressEvidence()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("项目进展")]
    public Guid ProgressEntryId { get; private set; }

    [DisplayName("文件")]
    public Guid StoredFileId { get; private set; }

    [DisplayName("上传时间")]
    public DateTimeOffset CreatedAt { get; private set; }

    [DisplayName("上传人")]
    public string CreatedBy { get; private set; } = "";

    internal static ProgressEvidence Of(Guid entryId, Guid storedFileId, DateTimeOffset now, string by) => new()
    {
        Id = Ids.New(),
        ProgressEntryId = entryId,
        StoredFileId = storedFileId,
        CreatedAt = now,
        CreatedBy = by,
    };

    public static void EnsureRoom(int existing)
    {
        if (existing >= MaxPerEntry)
        {
            throw new DomainException("progress_evidence_full", $"每条进展最多保存 {MaxPerEntry} 个佐证材料。", "file");
        }
    }
}
