using System.ComponentModel;
using Zeren.Core.Platform;

namespace Zeren.Core.Responsibilities;

/// <summary>
/// 责任清单: what an organization (the issuer) expects of the organizations it issues the list to, item by item. A
/// 共性清单 goes from the county to every organization of a kind and level; a 个性清单 is an organization's own, kept for
/// itself and/or issued to organizations below it (seed 000 §5, seed 004 §3.4). A list is a draft until it is first
/// issued; issuing again adds receivers, and an item added later goes to every receiver.
/// </summary>
[DisplayName("责任清单")]
public sealed class ResponsibilityList
{
    /// <summary>
    /// The name of the lists' scope filter (by the issuer): a receiver's pages reach a list issued from above its scope
    /// through its own receiver row, lifting this filter alone: <c>IgnoreQueryFilters([ResponsibilityList.ScopeFilter])</c>.
    /// </summary>
    public const string ScopeFilter = "scope_responsibility_lists";

    private ResponsibilityList()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>下发单位: the organization whose list it is.</summary>
    [DisplayName("下发单位")]
    public Guid IssuerOrgId { get; private set; }

    [DisplayName("清单类别")]
    public ListKind Kind { get; private set; }

    [DisplayName("清单名称")]
    public string Title { get; private set; } = "";

    [DisplayName("说明")]
    public string? Note { get; private set; }

    /// <summary>When the list was first issued; null while it is a draft.</summary>
    [DisplayName("下发时间")]
    public DateTimeOffset? IssuedAt { get; private set; }

    [DisplayName("下发人")]
    public string? IssuedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    [DisplayName("创建人")]
    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset UpdatedAt { get; private set; }

    [DisplayName("更新人")]
    public string UpdatedBy { get; private set; } = "";

    public bool IsIssued => IssuedAt is not null;

    public static ResponsibilityList Create(Guid issuerOrgId, ListKind kind, string? title, string? note, DateTimeOffset now, string by, Guid? id = null)
    {
        var problems = new Problems();
        if (!Enum.IsDefined(kind))
        {
            problems.Add("list_kind", "清单类别只能是共性清单（Common）或个性清单（Own）。", "kind");
        }
        var list = new ResponsibilityList
        {
            Id = id ?? Ids.New(),
            IssuerOrgId = issuerOrgId,
            Kind = kind,
            CreatedAt = now,
            CreatedBy = by,
        };
        problems.Check(() => list.Apply(title, note, now, by));
        problems.ThrowIfAny();
        return list;
    }

    /// <summary>Changes the name and the note (the items and the receivers have their own actions).</summary>
    public void Update(string? title, string? note, DateTimeOffset now, string by) => Apply(title, note, now, by);

    /// <summary>Something of the list changed (an item, its receivers): the issuer's organization is checked in the same save.</summary>
    internal void Touch(DateTimeOffset now, string by)
    {
        UpdatedAt = now;
        UpdatedBy = by;
    }

    /// <summary>Issued (again): the first time is the list's 下发时间.</summary>
    internal void MarkIssued(DateTimeOffset now, string by)
    {
        if (IssuedAt is null)
        {
            IssuedAt = now;
            IssuedBy = by;
        }
        Touch(now, by);
    }

    private void Apply(string? title, string? note, DateTimeOffset now, string by)
    {
        var problems = new Problems();
        var t = title?.Trim() ?? "";
        var n = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (t.Length == 0)
        {
            problems.Add("list_title_required", "请填写清单名称。", "title");
        }
        else if (t.Length > ListRules.TitleMax)
        {
            problems.Add("list_title_too_long", $"清单名称不能超过 {ListRules.TitleMax} 个字。", "title");
        }
        if (n is { Length: > ListRules.NoteMax })
        {
            problems.Add("list_note_too_long", $"说明不能超过 {ListRules.NoteMax} 个字。", "note");
        }
        problems.ThrowIfAny();
        Title = t;
        Note = n;
        Touch(now, by);
    }
}
