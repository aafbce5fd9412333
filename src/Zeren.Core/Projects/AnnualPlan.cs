using System.ComponentModel;
using Zeren.Core.Platform;

namespace Zeren.Core.Projects;

/// <summary>Where a plan stands in 三上三下: submitted and awaiting review, returned with comments, or approved.</summary>
public enum PlanStatus
{
    Submitted = 1,      // 待审核
    Returned = 2,       // 已退回
    Approved = 3,       // 已通过
}

/// <summary>What the department decided on one version.</summary>
public enum PlanDecision
{
    Returned = 1,       // 退回修改
    Approved = 2,       // 审核通过
}

/// <summary>A plan as submitted: the text of the 党建思路 and the projects it intends (each with its 五定).</summary>
public sealed record PlanInput(Guid OrgId, int Year, [MultiLineText] string? Text, IReadOnlyList<ProjectTerms>? Projects);

/// <summary>A resubmission after a return: the new text and projects.</summary>
public sealed record PlanRevision([MultiLineText] string? Text, IReadOnlyList<ProjectTerms>? Projects);

/// <summary>The department's review: comments (required to return, optional to approve).</summary>
public sealed record PlanReview([MultiLineText] string? Comments);

/// <summary>
/// 党建思路 (seed 003 §1, 三上三下): a township's plan for a year, reviewed by the organization department. The township
/// submits (一上); the department approves or returns it with comments (一下); the township resubmits, and so on. A plan is
/// returned at most <see cref="MaxReturns"/> times: the third return flags it (<see cref="FlaggedAt"/>) to the
/// department's leadership, and the flag stays for assessment even when the plan is approved later; a fourth return is
/// refused, so the fourth version is approved. Every version is kept (<see cref="PlanVersion"/>). Approving turns the
/// approved version's projects into the township's project ledger in the same save.
/// </summary>
[DisplayName("党建思路")]
public sealed class AnnualPlan
{
    public const int MaxReturns = 3;
    public const int TextMax = 8000;
    public const int CommentsMax = 2000;
    public const int MaxProjects = 30;

    private AnnualPlan()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("乡镇（街道）")]
    public Guid OrgId { get; private set; }

    [DisplayName("年度")]
    public int Year { get; private set; }

    [DisplayName("状态")]
    public PlanStatus Status { get; private set; }

    /// <summary>The number of the latest version (1 for the first submission).</summary>
    [DisplayName("当前版本")]
    public int Round { get; private set; }

    [DisplayName("退回次数")]
    public int Returns { get; private set; }

    /// <summary>When the third return flagged it to the department's leadership (kept for assessment).</summary>
    [DisplayName("三次退回标记时间")]
    public DateTimeOffset? FlaggedAt { get; private set; }

    [DisplayName("通过时间")]
    public DateTimeOffset? ApprovedAt { get; private set; }

    [DisplayName("审核人")]
    public string? ApprovedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    [DisplayName("提交人")]
    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset UpdatedAt { get; private set; }

    [DisplayName("更新人")]
    public string UpdatedBy { get; private set; } = "";

    public bool Flagged => FlaggedAt is not null;

    /// <summary>Every fault of a plan's text and projects at once (each project's missing 定 named with its place).</summary>
    public static IReadOnlyList<ValidationError> Check(string? text, IReadOnlyList<ProjectTerms>? projects)
    {
        var errors = new List<ValidationError>();
        var clean = ProjectRules.Clean(text);
        if (clean is null)
        {
            errors.Add(new ValidationError("text", "请填写党建思路的内容。", Code: "plan_text_required"));
        }
        else if (clean.Length > TextMax)
        {
            errors.Add(new ValidationError("text", $"党建思路不能超过 {TextMax} 个字。", Code: "plan_text_too_long"));
        }
        if (projects is null || projects.Count == 0)
        {
            errors.Add(new ValidationError("projects", "请至少列出一个拟实施的党建项目。", Code: "plan_projects_required"));
        }
        else if (projects.Count > MaxProjects)
        {
            errors.Add(new ValidationError("projects", $"一份党建思路最多列 {MaxProjects} 个项目。", Code: "plan_projects_too_many"));
        }
        else
        {
            for (var i = 0; i < projects.Count; i++)
            {
                if (projects[i] is null)
                {
                    errors.Add(new ValidationError($"projects[{i}]", $"第 {i + 1} 个项目是空的。", Code: "plan_project_empty"));
                    continue;
                }
                errors.AddRange(ProjectRules.Check(projects[i], $"projects[{i}].", $"第 {i + 1} 个项目 "));
            }
        }
        return errors;
    }

    /// <summary>一上: the first version of a township's plan for a year.</summary>
    public static (AnnualPlan Plan, PlanVersion Version) Submit(Guid orgId, int year, string? text, IReadOnlyList<ProjectTerms>? projects,
        DateTimeOffset now, string by, Guid? id = null)
    {
        ValidationFailedException.ThrowIfAny(Check(text, projects));
        var plan = new AnnualPlan
        {
            Id = id ?? Ids.New(),
            OrgId = orgId,
            Year = year,
            Status = PlanStatus.Submitted,
            Round = 1,
            CreatedAt = now,
            CreatedBy = by,
            UpdatedAt = now,
            UpdatedBy = by,
        };
        return (plan, PlanVersion.Of(plan.Id, 1, text!, projects!, now, by));
    }

    /// <summary>二上、三上…: a returned plan submitted again, as a new version; the earlier ones stay.</summary>
    public PlanVersion Resubmit(string? text, IReadOnlyList<ProjectTerms>? projects, DateTimeOffset now, string by)
    {
        if (Status != PlanStatus.Returned)
        {
            throw new DomainException("plan_not_returned", Status == PlanStatus.Approved
                ? "党建思路已审核通过，不能再修改。"
                : "党建思路正在审核中，退回后才能修改再报。");
        }
        ValidationFailedException.ThrowIfAny(Check(text, projects));
        Round++;
        Status = PlanStatus.Submitted;
        Touch(now, by);
        return PlanVersion.Of(Id, Round, text!, projects!, now, by);
    }

    /// <summary>
    /// 一下: returned with comments. The third return flags the plan to the department's leadership (true is returned
    /// then); a fourth is refused.
    /// </summary>
    public bool Return(PlanVersion current, string? comments, DateTimeOffset now, string by)
    {
        ArgumentNullException.ThrowIfNull(current);
        EnsureAwaitingReview();
        if (Returns >= MaxReturns)
        {
            throw new DomainException("plan_fourth_return",
                $"该党建思路已退回 {MaxReturns} 次（三上三下），不能再退回；请审核通过，或与乡镇（街道）当面沟通后通过。", "decision");
        }
        var text = ProjectRules.Clean(comments) ?? throw new DomainException("plan_comments_required", "退回时请填写修改意见。", "comments");
        CheckComments(text);
        Returns++;
        Status = PlanStatus.Returned;
        current.Decide(PlanDecision.Returned, text, now, by);
        Touch(now, by);
        if (Returns == MaxReturns)
        {
            FlaggedAt = now;
            return true;
        }
        return false;
    }

    /// <summary>审核通过: the current version is approved (the caller makes its projects the ledger in the same save).</summary>
    public void Approve(PlanVersion current, string? comments, DateTimeOffset now, string by)
    {
        ArgumentNullException.ThrowIfNull(current);
        EnsureAwaitingReview();
        var text = ProjectRules.Clean(comments);
        if (text is not null)
        {
            CheckComments(text);
        }
        Status = PlanStatus.Approved;
        ApprovedAt = now;
        ApprovedBy = by;
        current.Decide(PlanDecision.Approved, text, now, by);
        Touch(now, by);
    }

    /// <summary>A plan of the demo county's past: its history as the seeder writes it.</summary>
    internal static AnnualPlan Past(Guid id, Guid orgId, int year, PlanStatus status, int round, int returns, DateTimeOffset? flaggedAt,
        DateTimeOffset? approvedAt, string? approvedBy, DateTimeOffset createdAt, string createdBy, DateTimeOffset updatedAt, string updatedBy) => new()
    {
        Id = id,
        OrgId = orgId,
        Year = year,
        Status = status,
        Round = round,
        Returns = returns,
        FlaggedAt = flaggedAt,
        ApprovedAt = approvedAt,
        ApprovedBy = approvedBy,
        CreatedAt = createdAt,
        CreatedBy = createdBy,
        UpdatedAt = updatedAt,
        UpdatedBy = updatedBy,
    };

    private void EnsureAwaitingReview()
    {
        if (Status != PlanStatus.Submitted)
        {
            throw new DomainException("plan_not_submitted", Status == PlanStatus.Approved
                ? "党建思路已审核通过。"
                : "党建思路已退回，等待乡镇（街道）修改再报。");
        }
    }

    private static void CheckComments(string text)
    {
        if (text.Length > CommentsMax)
        {
            throw new DomainException("plan_comments_too_long", $"审核意见不能超过 {CommentsMax} 个字。", "comments");
        }
    }

    private void Touch(DateTimeOffset now, string by)
    {
        UpdatedAt = now;
        UpdatedBy = by;
    }
}

/// <summary>One version of a plan as submitted (一上、二上、三上…), with the department's decision on it once made.</summary>
[DisplayName("党建思路版本")]
public sealed class PlanVersion
{
    private readonly List<PlanProject> projects = [];

    private PlanVersion()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("党建思路")]
    public Guid PlanId { get; private set; }

    [DisplayName("版本")]
    public int Number { get; private set; }

    [DisplayName("思路内容")]
    public string Text { get; private set; } = "";

    [DisplayName("提交时间")]
    public DateTimeOffset SubmittedAt { get; private set; }

    [DisplayName("提交人")]
    public string SubmittedBy { get; private set; } = "";

    [DisplayName("审核结果")]
    public PlanDecision? Decision { get; private set; }

    [DisplayName("审核意见")]
    public string? Comments { get; private set; }

    [DisplayName("审核时间")]
    public DateTimeOffset? ReviewedAt { get; private set; }

    [DisplayName("审核人")]
    public string? ReviewedBy { get; private set; }

    public IReadOnlyList<PlanProject> Projects => projects;

    internal static PlanVersion Of(Guid planId, int number, string text, IReadOnlyList<ProjectTerms> terms, DateTimeOffset now, string by,
        Guid? id = null)
    {
        var version = new PlanVersion
        {
            Id = id ?? Ids.New(),
            PlanId = planId,
            Number = number,
            Text = text.Trim(),
            SubmittedAt = now,
            SubmittedBy = by,
        };
        for (var i = 0; i < terms.Count; i++)
        {
            version.projects.Add(PlanProject.Of(version.Id, i + 1, terms[i]));
        }
        return version;
    }

    internal void Decide(PlanDecision decision, string? comments, DateTimeOffset now, string by)
    {
        Decision = decision;
        Comments = comments;
        ReviewedAt = now;
        ReviewedBy = by;
    }
}

/// <summary>A project a plan's version intends, with its 五定; approval copies it into the ledger as a <see cref="Project"/>.</summary>
[DisplayName("党建思路拟办项目")]
public sealed class PlanProject
{
    private PlanProject()
    {
    }

    public Guid Id { get; private set; }

    [DisplayName("党建思路版本")]
    public Guid VersionId { get; private set; }

    [DisplayName("序号")]
    public int Ordinal { get; private set; }

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

    public ProjectTerms Terms => new(Name, Target, Responsibility, PersonId, StartOn, DueOn);

    internal static PlanProject Of(Guid versionId, int ordinal, ProjectTerms t) => new()
    {
        Id = Ids.New(),
        VersionId = versionId,
        Ordinal = ordinal,
        Name = t.Name!.Trim(),
        Target = t.Target!.Trim(),
        Responsibility = t.Responsibility!.Trim(),
        PersonId = t.PersonId!.Value,
        StartOn = t.StartOn!.Value,
        DueOn = t.DueOn!.Value,
    };
}
