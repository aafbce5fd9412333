using System.Globalization;
using Zeren.Core.Platform;

namespace Zeren.Core.Projects;

/// <summary>
/// 五定 of a project as given (seed 003: 定人员、定事项、定目标、定责任、定时限): the person responsible, the matter (what is
/// done, the project's name), the target, the responsibility (who leads, who helps, what each answers for) and the time
/// limit, from <see cref="StartOn"/> to <see cref="DueOn"/>. Every part may be missing as given; <see cref="ProjectRules"/>
/// names each one that is.
/// </summary>
public sealed record ProjectTerms(string? Name, [MultiLineText] string? Target, [MultiLineText] string? Responsibility, Guid? PersonId, DateOnly? StartOn, DateOnly? DueOn);

/// <summary>A milestone (里程碑) as given: what is reached by when, and the day it was, once it was.</summary>
public sealed record MilestoneInput(string? Title, DateOnly? DueOn, DateOnly? DoneOn = null);

/// <summary>
/// The 五定 rules, without a database: a project (or a project in a township's annual plan) has all five, and its deadline
/// is not before its start. Every rule broken is named at once, each with its own code and field.
/// </summary>
public static class ProjectRules
{
    public const int NameMax = 100;
    public const int TargetMax = 1000;
    public const int ResponsibilityMax = 1000;
    public const int MilestoneTitleMax = 100;
    public const int MaxMilestones = 20;

    /// <summary>
    /// Every 五定 the terms lack and a deadline before the start. <paramref name="prefix"/> goes before each field (a plan's
    /// third project: <c>projects[2].</c>), <paramref name="label"/> before each message (第 3 个项目：).
    /// </summary>
    public static IReadOnlyList<ValidationError> Check(ProjectTerms terms, string prefix = "", string label = "")
    {
        ArgumentNullException.ThrowIfNull(terms);
        var errors = new List<ValidationError>();
        void Add(string code, string field, string message) => errors.Add(new ValidationError(prefix + field, label + message, Code: code));

        Text(terms.Name, NameMax, "name", "project_matter_required", "定事项：请填写项目名称（做什么事）。", "定事项", Add);
        Text(terms.Target, TargetMax, "target", "project_target_required", "定目标：请填写项目要达到的目标。", "定目标", Add);
        Text(terms.Responsibility, ResponsibilityMax, "responsibility", "project_responsibility_required",
            "定责任：请写明责任分工（谁牵头、谁配合、各负什么责任）。", "定责任", Add);
        if (terms.PersonId is null || terms.PersonId == Guid.Empty)
        {
            Add("project_person_required", "personId", "定人员：请选择项目责任人。");
        }
        if (terms.StartOn is null)
        {
            Add("project_start_required", "startOn", "定时限：请填写开始日期。");
        }
        if (terms.DueOn is null)
        {
            Add("project_deadline_required", "dueOn", "定时限：请填写完成时限。");
        }
        if (terms is { StartOn: { } start, DueOn: { } due } && due < start)
        {
            Add("project_deadline_before_start", "dueOn", $"定时限：完成时限（{Day(due)}）早于开始日期（{Day(start)}）。");
        }
        return errors;
    }

    /// <summary>The milestones' faults: each needs a title and a day within the project's time limit; at most <see cref="MaxMilestones"/>.</summary>
    public static IReadOnlyList<ValidationError> CheckMilestones(IReadOnlyList<MilestoneInput> milestones, DateOnly? start, DateOnly? due, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        var errors = new List<ValidationError>();
        if (milestones.Count > MaxMilestones)
        {
            errors.Add(new ValidationError("milestones", $"一个项目最多 {MaxMilestones} 个里程碑。", Code: "project_milestones_too_many"));
            return errors;
        }
        for (var i = 0; i < milestones.Count; i++)
        {
            var m = milestones[i];
            var at = $"milestones[{i}].";
            var label = $"第 {i + 1} 个里程碑：";
            if (string.IsNullOrWhiteSpace(m.Title))
            {
                errors.Add(new ValidationError(at + "title", label + "请填写里程碑内容。", Code: "project_milestone_title_required"));
            }
            else if (m.Title.Trim().Length > MilestoneTitleMax)
            {
                errors.Add(new ValidationError(at + "title", label + $"里程碑内容不能超过 {MilestoneTitleMax} 个字。", Code: "project_text_too_long"));
            }
            if (m.DueOn is not { } day)
            {
                errors.Add(new ValidationError(at + "dueOn", label + "请填写里程碑日期。", Code: "project_milestone_date_required"));
            }
            else if ((start is { } s && day < s) || (due is { } d && day > d))
            {
                errors.Add(new ValidationError(at + "dueOn", label + $"日期（{Day(day)}）不在项目的时限内。", Code: "project_milestone_outside"));
            }
            if (m.DoneOn is { } done && done > today)
            {
                errors.Add(new ValidationError(at + "doneOn", label + "完成日期不能晚于今天。", Code: "project_milestone_done_future"));
            }
        }
        return errors;
    }

    /// <summary>The text, trimmed; null when blank.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Text(string? value, int max, string field, string code, string missing, string what, Action<string, string, string> add)
    {
        var text = Clean(value);
        if (text is null)
        {
            add(code, field, missing);
        }
        else if (text.Length > max)
        {
            add("project_text_too_long", field, $"{what}不能超过 {max} 个字。");
        }
    }
}
