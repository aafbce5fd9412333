using Zeren.Core.Organizations;
using Zeren.Core.People;
using Zeren.Core.Platform;

namespace Zeren.Core.Responsibilities;

/// <summary>The rules of lists, items and completions that need no database: limits and the checks of what is entered.</summary>
public static class ListRules
{
    public const int TitleMax = 200;
    public const int NoteMax = 2000;
    public const int ContentMax = 1000;
    public const int StandardMax = 1000;
    public const int EvidenceMax = 2000;
    /// <summary>A return's comment is the reason its obligation is returned with, so it keeps to the reasons' length.</summary>
    public const int CommentMax = Reasons.MaxLength;

    /// <summary>Items one list holds at most.</summary>
    public const int MaxItems = 200;

    /// <summary>Organizations named one by one in one issue (the rules reach any number).</summary>
    public const int MaxNamedReceivers = 500;

    /// <summary>Receiver rules in one issue.</summary>
    public const int MaxTargets = 10;

    /// <summary>Files one completion keeps at most.</summary>
    public const int MaxFiles = 10;

    /// <summary>Evidence files: photos, scans and PDF, never workbooks.</summary>
    public static readonly IReadOnlyList<Files.FileKind> AcceptedFiles = [Files.FileKind.Jpeg, Files.FileKind.Png, Files.FileKind.Pdf];

    /// <summary>Trimmed text, or null when blank.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>
    /// Every fault of an item as entered, each with its field and code. <paramref name="keptDue"/>: an edited item's
    /// deadline, which may stay as it was even when past.
    /// </summary>
    public static Problems CheckItem(ItemInput input, DateOnly today, DateOnly? keptDue = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = new Problems();
        var content = Clean(input.Content);
        var standard = Clean(input.Standard);
        if (content is null)
        {
            problems.Add("item_content_required", "请填写事项内容。", "content");
        }
        else if (content.Length > ContentMax)
        {
            problems.Add("item_content_too_long", $"事项内容不能超过 {ContentMax} 个字。", "content");
        }
        if (standard is null)
        {
            problems.Add("item_standard_required", "请填写完成标准：怎样才算完成。", "standard");
        }
        else if (standard.Length > StandardMax)
        {
            problems.Add("item_standard_too_long", $"完成标准不能超过 {StandardMax} 个字。", "standard");
        }
        if (input.DueOn is not { } due)
        {
            problems.Add("item_due_required", "请填写完成时限。", "dueOn");
        }
        else if (due < today && due != keptDue)
        {
            problems.Add("item_due_past", $"完成时限（{due:yyyy-MM-dd}）不能早于今天（{today:yyyy-MM-dd}）。", "dueOn");
        }
        if (input.Role is { } role && !Enum.IsDefined(role))
        {
            problems.Add("item_role", "责任人类别只能是第一责任人（First）、直接责任人（Direct）或具体责任人（Specific）。", "role");
        }
        else if (input.Role is null && input.PersonId is null)
        {
            problems.Add("item_responsible_required", "请选择责任人类别（第一、直接或具体责任人），或指定责任人。", "role");
        }
        else if (input.Role is not null && input.PersonId is not null)
        {
            problems.Add("item_responsible_both", "责任人类别和指定责任人只能选一项。", "personId");
        }
        return problems;
    }

    /// <summary>The reason of a revocation: required, one line, a reason's length (<see cref="Reasons.Require"/>).</summary>
    public static string CheckRevokeReason(string? reason) => Reasons.Require(reason);

    /// <summary>The evidence of a completion: required text, not too long.</summary>
    public static string CheckEvidence(string? evidence)
    {
        var text = Clean(evidence);
        if (text is null)
        {
            throw new DomainException("completion_evidence_required", "请填写完成情况说明：标记完成须附佐证。", "evidence");
        }
        if (text.Length > EvidenceMax)
        {
            throw new DomainException("completion_evidence_too_long", $"完成情况说明不能超过 {EvidenceMax} 个字。", "evidence");
        }
        return text;
    }

    /// <summary>The comment of a return: required text, not too long.</summary>
    public static string CheckComment(string? comment)
    {
        var text = Clean(comment);
        if (text is null)
        {
            throw new DomainException("return_comment_required", "请填写退回意见：接收单位据此整改。", "comment");
        }
        if (text.Length > CommentMax)
        {
            throw new DomainException("return_comment_too_long", $"退回意见不能超过 {CommentMax} 个字。", "comment");
        }
        return text;
    }

    /// <summary>
    /// The posts whose holders bear <paramref name="role"/> in an organization of <paramref name="kind"/>
    /// (<see cref="Position.RoleOf"/>, seed 004 §3): a committee's 书记 is its 第一责任人, a branch's its 具体责任人.
    /// </summary>
    public static IReadOnlyList<PositionTitle> TitlesFor(ResponsibilityRole role, OrgKind kind) =>
        Enum.GetValues<PositionTitle>().Where(t => Position.RoleOf(t, kind) == role).ToList();
}
