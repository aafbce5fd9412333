using System.Text.RegularExpressions;
using Zeren.Core.Platform;

namespace Zeren.Core.Rectification;

/// <summary>The source-type keys this capability knows; a caller may use its own (lower-case letters, digits, dots, hyphens).</summary>
public static partial class ProblemSourceTypes
{
    /// <summary>A 举一反三 self-check answer.</summary>
    public const string SelfCheck = "self-check";

    [GeneratedRegex("^[a-z][a-z0-9.-]{0,39}$")]
    public static partial Regex KeyPattern();
}

/// <summary>Chinese names for messages and exports (pages use the resource files).</summary>
public static class ProblemLabels
{
    public static string Of(ProblemState state) => state switch
    {
        ProblemState.Listed => "挂牌",
        ProblemState.Rectifying => "整改中",
        ProblemState.Applied => "申请销号",
        ProblemState.Closed => "已销号",
        _ => state.ToString(),
    };

    public static string Of(ProblemAction action) => action switch
    {
        ProblemAction.Raise => "挂牌",
        ProblemAction.Start => "开始整改",
        ProblemAction.Apply => "申请销号",
        ProblemAction.Verify => "验收销号",
        ProblemAction.Return => "退回",
        ProblemAction.Supervise => "转督办",
        _ => action.ToString(),
    };

    public static string Of(ProblemSource source) => source switch
    {
        ProblemSource.Inspection => "暗访督查",
        ProblemSource.Audit => "党建审计",
        ProblemSource.Review => "述职评议",
        ProblemSource.SuperiorFeedback => "上级反馈",
        ProblemSource.PublicReport => "群众反映",
        ProblemSource.SelfCheck => "举一反三自查",
        _ => source.ToString(),
    };

    public static string Of(ProblemSeverity severity) => severity switch
    {
        ProblemSeverity.General => "一般",
        ProblemSeverity.Serious => "较重",
        ProblemSeverity.Critical => "严重",
        _ => severity.ToString(),
    };

    /// <summary>The state an action may be taken from, as the refusal names it.</summary>
    public static string? From(ProblemAction action) => action switch
    {
        ProblemAction.Start => Of(ProblemState.Listed),
        ProblemAction.Apply => Of(ProblemState.Rectifying),
        ProblemAction.Verify or ProblemAction.Return => Of(ProblemState.Applied),
        _ => null,
    };
}

/// <summary>The rules of what a raiser and a rectifier write, without the database (who may is the service's).</summary>
public static class ProblemRules
{
    /// <summary>
    /// Every fault of a draft at once (with <paramref name="prefix"/> before each field name, e.g. <c>drafts[2].</c>), and the
    /// draft as it is kept: text trimmed, blanks as null.
    /// </summary>
    public static (ProblemDraft Draft, IReadOnlyList<ValidationError> Errors) Check(ProblemDraft draft, DateOnly today, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new List<ValidationError>();
        void Add(string code, string message, string name) => errors.Add(new ValidationError(prefix + name, message, Code: code));

        if (draft.OrgId == Guid.Empty)
        {
            Add("problem_org_required", "请选择责任单位。", "orgId");
        }
        if (!Enum.IsDefined(draft.Source))
        {
            Add("problem_source", "问题来源不正确。", "source");
        }
        if (!Enum.IsDefined(draft.Severity))
        {
            Add("problem_severity", "严重程度不正确：应为一般、较重或严重。", "severity");
        }
        var title = draft.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            Add("problem_title_required", "请填写问题概述。", "title");
        }
        else if (title.Length > Problem.TitleMax)
        {
            Add("problem_title_too_long", $"问题概述不能超过 {Problem.TitleMax} 个字。", "title");
        }
        var description = draft.Description?.Trim() ?? "";
        if (description.Length == 0)
        {
            Add("problem_description_required", "请填写问题描述。", "description");
        }
        else if (description.Length > Problem.DescriptionMax)
        {
            Add("problem_description_too_long", $"问题描述不能超过 {Problem.DescriptionMax} 个字。", "description");
        }
        var category = Blank(draft.Category);
        if (category?.Length > Problem.CategoryMax)
        {
            Add("problem_category_too_long", $"问题类别不能超过 {Problem.CategoryMax} 个字。", "category");
        }
        if (draft.DueOn < today)
        {
            Add("problem_due_past", $"整改时限不能早于今天（{today:yyyy-MM-dd}）。", "dueOn");
        }
        var sourceType = Blank(draft.SourceType);
        if (sourceType is not null && !ProblemSourceTypes.KeyPattern().IsMatch(sourceType))
        {
            Add("problem_source_type", "来源类型应为小写字母开头的字母、数字、点和连字符（最多 40 个），如 inspection、audit.item。", "sourceType");
        }
        if (draft.SourceId == Guid.Empty)
        {
            Add("problem_source_id", "来源编号不能为空 GUID。", "sourceId");
        }
        var sourceTitle = Blank(draft.SourceTitle);
        if (sourceTitle?.Length > Problem.SourceTitleMax)
        {
            Add("problem_source_title_too_long", $"来源说明不能超过 {Problem.SourceTitleMax} 个字。", "sourceTitle");
        }
        var kept = draft with
        {
            Title = title,
            Description = description,
            Category = category,
            SourceType = sourceType,
            SourceTitle = sourceTitle,
        };
        return (kept, errors);
    }

    /// <summary>Required text of at most <paramref name="max"/> characters (cause analysis, measures, evidence).</summary>
    public static string Required(string? text, int max, string code, string label, string field)
    {
        var t = text?.Trim() ?? "";
        if (t.Length == 0)
        {
            throw new DomainException(code + "_required", $"请填写{label}。", field);
        }
        return t.Length > max ? throw new DomainException(code + "_too_long", $"{label}不能超过 {max} 个字。", field) : t;
    }

    /// <summary>An optional comment of at most <see cref="Problem.TextMax"/> characters.</summary>
    public static string? Comment(string? text, string field)
    {
        var t = Blank(text);
        return t?.Length > Problem.TextMax
            ? throw new DomainException("problem_comment_too_long", $"意见不能超过 {Problem.TextMax} 个字。", field)
            : t;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
