using System.Text.RegularExpressions;
using Zeren.Core.Platform;

namespace Zeren.Core.Supervision;

/// <summary>
/// 来源类型: what an order can be about. The key is free (a later capability issues orders from its rows with a key of its
/// own, e.g. <c>problem</c>); the ones named here have labels.
/// </summary>
public static partial class SupervisionSources
{
    /// <summary>交办事项: a task without a row of its own.</summary>
    public const string Task = "task";

    /// <summary>党建项目.</summary>
    public const string Project = "project";

    /// <summary>问题整改.</summary>
    public const string Problem = "problem";

    /// <summary>督查.</summary>
    public const string Inspection = "inspection";

    /// <summary>三会一课: an organization's meetings behind in a month.</summary>
    public const string MeetingCompliance = "meetings.compliance";

    /// <summary>Lower-case letters, digits, dots and hyphens, starting with a letter.</summary>
    [GeneratedRegex("^[a-z][a-z0-9.-]{0,39}$")]
    public static partial Regex KeyPattern();

    /// <summary>The Chinese name of a source type; an unknown key is shown as it is.</summary>
    public static string Label(string type) => type switch
    {
        Task => "交办事项",
        Project => "党建项目",
        Problem => "问题整改",
        Inspection => "督查",
        MeetingCompliance => "三会一课",
        _ => type,
    };

    public static IReadOnlyList<string> Known { get; } = [Task, Project, Problem, Inspection, MeetingCompliance];
}

/// <summary>Chinese names for messages and exports (pages use the resource files).</summary>
public static class SupervisionLabels
{
    public static string Of(SupervisionState state) => state switch
    {
        SupervisionState.Issued => "已下发",
        SupervisionState.Acknowledged => "已签收",
        SupervisionState.Responded => "已反馈",
        SupervisionState.Closed => "已办结",
        _ => state.ToString(),
    };

    public static string Of(SupervisionAction action) => action switch
    {
        SupervisionAction.Issue => "下发",
        SupervisionAction.Acknowledge => "签收",
        SupervisionAction.Respond => "反馈",
        SupervisionAction.Verify => "核验办结",
        SupervisionAction.Return => "退回",
        SupervisionAction.Escalate => "升级为重点督办",
        _ => action.ToString(),
    };

    /// <summary>The state an action may be taken from, as the refusal names it.</summary>
    public static string? From(SupervisionAction action) => action switch
    {
        SupervisionAction.Acknowledge => Of(SupervisionState.Issued),
        SupervisionAction.Respond => Of(SupervisionState.Acknowledged),
        SupervisionAction.Verify or SupervisionAction.Return => Of(SupervisionState.Responded),
        _ => null,
    };
}

/// <summary>The rules of what an issuer writes into an order, without the database (who issues to whom is the service's).</summary>
public static class SupervisionRules
{
    /// <summary>
    /// Every fault of a draft at once (with <paramref name="field"/> before each field name, for a bulk issuance's
    /// targets), and the draft as it is kept: text trimmed, blanks as null, the source type <c>task</c> when none is given.
    /// </summary>
    public static (OrderDraft Draft, IReadOnlyList<ValidationError> Errors) Check(OrderDraft draft, DateOnly today, string field = "")
    {
        ArgumentNullException.ThrowIfNull(draft);
        var errors = new List<ValidationError>();
        void Add(string code, string message, string name) => errors.Add(new ValidationError(field + name, message, Code: code));

        var title = draft.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            Add("order_title_required", "请填写督办事项。", "title");
        }
        else if (title.Length > SupervisionOrder.TitleMax)
        {
            Add("order_title_too_long", $"督办事项不能超过 {SupervisionOrder.TitleMax} 个字。", "title");
        }
        var content = draft.Content?.Trim() ?? "";
        if (content.Length == 0)
        {
            Add("order_content_required", "请填写督办内容。", "content");
        }
        else if (content.Length > SupervisionOrder.ContentMax)
        {
            Add("order_content_too_long", $"督办内容不能超过 {SupervisionOrder.ContentMax} 个字。", "content");
        }
        var requirements = Blank(draft.Requirements);
        if (requirements?.Length > SupervisionOrder.RequirementsMax)
        {
            Add("order_requirements_too_long", $"办理要求不能超过 {SupervisionOrder.RequirementsMax} 个字。", "requirements");
        }
        if (draft.DueOn < today)
        {
            Add("order_due_past", $"办理时限不能早于今天（{today:yyyy-MM-dd}）。", "dueOn");
        }
        var sourceType = Blank(draft.SourceType) ?? SupervisionSources.Task;
        if (!SupervisionSources.KeyPattern().IsMatch(sourceType))
        {
            Add("order_source_type", "来源类型应为小写字母开头的字母、数字、点和连字符（最多 40 个），如 task、project、meetings.compliance。", "sourceType");
        }
        var sourceId = Blank(draft.SourceId);
        if (sourceId?.Length > SupervisionOrder.SourceIdMax)
        {
            Add("order_source_id_too_long", $"来源编号不能超过 {SupervisionOrder.SourceIdMax} 个字符。", "sourceId");
        }
        var sourceTitle = Blank(draft.SourceTitle);
        if (sourceTitle?.Length > SupervisionOrder.SourceTitleMax)
        {
            Add("order_source_title_too_long", $"来源说明不能超过 {SupervisionOrder.SourceTitleMax} 个字。", "sourceTitle");
        }
        var sourceLink = Blank(draft.SourceLink);
        if (sourceLink is not null && !IsLocalPath(sourceLink))
        {
            Add("order_source_link", $"来源链接应为本系统内以 / 开头的地址（最多 {SupervisionOrder.SourceLinkMax} 个字符）。", "sourceLink");
        }
        var kept = new OrderDraft(draft.OrgId, title, content, requirements, draft.DueOn, sourceType, sourceId, sourceTitle, sourceLink);
        return (kept, errors);
    }

    /// <summary>An answer's text: required, at most <see cref="SupervisionOrder.ResponseMax"/>.</summary>
    public static string Response(string? text)
    {
        var t = text?.Trim() ?? "";
        if (t.Length == 0)
        {
            throw new DomainException("order_response_required", "请填写反馈内容：办理情况和结果。", "text");
        }
        if (t.Length > SupervisionOrder.ResponseMax)
        {
            throw new DomainException("order_response_too_long", $"反馈内容不能超过 {SupervisionOrder.ResponseMax} 个字。", "text");
        }
        return t;
    }

    /// <summary>An issuer's comment on verifying, or an escalation's note: optional, at most <see cref="SupervisionOrder.CommentMax"/>.</summary>
    public static string? Comment(string? text, string field)
    {
        var t = Blank(text);
        return t?.Length > SupervisionOrder.CommentMax
            ? throw new DomainException("order_comment_too_long", $"意见不能超过 {SupervisionOrder.CommentMax} 个字。", field)
            : t;
    }

    /// <summary>A path of this app (<c>/compliance?org=…</c>), never another site (<c>//host</c>, <c>/\host</c>, a scheme).</summary>
    public static bool IsLocalPath(string link) =>
        link.Length <= SupervisionOrder.SourceLinkMax && link.StartsWith('/') && !link.StartsWith("//", StringComparison.Ordinal)
        && !link.Contains('\\', StringComparison.Ordinal) && !link.Any(char.IsWhiteSpace);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
