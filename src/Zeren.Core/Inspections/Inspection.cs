using System.ComponentModel;
using Zeren.Core.Platform;

namespace Zeren.Core.Inspections;

/// <summary>共性清单 (the county's, for every village) or 个性清单 (the village's own items).</summary>
public enum ChecklistKind
{
    /// <summary>共性.</summary>
    Common,

    /// <summary>个性.</summary>
    Own,
}

/// <summary>
/// 暗访记录: one team's visit to one village on a day (三不三直: straight to the grids, the service centre, the homes):
/// the grids walked, homes visited, people asked, each checklist item passed or failed with a note, the findings and
/// their photos. Scoped by the village, so the village, its township and the county read it. A visit of a plan names it.
/// </summary>
[DisplayName("暗访记录")]
public sealed class Inspection
{
    public const int TeamMax = 200;
    public const int SummaryMax = 4000;
    public const int MaxCount = 100_000;

    private Inspection()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The village visited; the row is scoped by it.</summary>
    [DisplayName("村")]
    public Guid OrgId { get; private set; }

    /// <summary>The village's township (its organization one below the top), for coverage counts.</summary>
    [DisplayName("乡镇")]
    public Guid TownshipId { get; private set; }

    [DisplayName("暗访计划")]
    public Guid? PlanId { get; private set; }

    [DisplayName("暗访日期")]
    public DateOnly VisitedOn { get; private set; }

    [DisplayName("暗访组")]
    public string Team { get; private set; } = "";

    [DisplayName("走访农户数")]
    public int HomesVisited { get; private set; }

    [DisplayName("询问党员群众数")]
    public int PeopleAsked { get; private set; }

    [DisplayName("总体情况")]
    public string? Summary { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }
    public string RecordedBy { get; private set; } = "";

    public static Inspection Create(Guid villageId, Guid townshipId, Guid? planId, DateOnly visitedOn, string team, int homes, int people,
        string? summary, DateTimeOffset now, string by) => new()
    {
        Id = Ids.New(),
        OrgId = villageId,
        TownshipId = townshipId,
        PlanId = planId,
        VisitedOn = visitedOn,
        Team = team.Trim(),
        HomesVisited = homes,
        PeopleAsked = people,
        Summary = string.IsNullOrWhiteSpace(summary) ? null : summary.Trim(),
        RecordedAt = now,
        RecordedBy = by,
    };
}

/// <summary>暗访网格: a grid of the village the team walked.</summary>
[DisplayName("暗访网格")]
public sealed class InspectionGrid
{
    private InspectionGrid()
    {
    }

    public Guid InspectionId { get; private set; }

    [DisplayName("网格")]
    public Guid GridId { get; private set; }

    public static InspectionGrid Create(Guid inspectionId, Guid gridId) => new() { InspectionId = inspectionId, GridId = gridId };
}

/// <summary>清单检查结果: one checklist item, passed or failed, with a note.</summary>
[DisplayName("清单检查结果")]
public sealed class InspectionCheck
{
    public const int ItemMax = 200;
    public const int NoteMax = 1000;

    private InspectionCheck()
    {
    }

    public Guid Id { get; private set; }
    public Guid InspectionId { get; private set; }

    [DisplayName("清单")]
    public ChecklistKind Kind { get; private set; }

    [DisplayName("检查项")]
    public string Item { get; private set; } = "";

    [DisplayName("是否通过")]
    public bool Passed { get; private set; }

    [DisplayName("说明")]
    public string? Note { get; private set; }

    public int Position { get; private set; }

    public static InspectionCheck Create(Guid inspectionId, ChecklistKind kind, string item, bool passed, string? note, int position) => new()
    {
        Id = Ids.New(),
        InspectionId = inspectionId,
        Kind = kind,
        Item = item.Trim(),
        Passed = passed,
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        Position = position,
    };
}

/// <summary>发现问题: what the team found; raising it makes a tracked problem (问题) whose source is this inspection.</summary>
[DisplayName("暗访发现问题")]
public sealed class InspectionFinding
{
    public const int TextMax = 2000;

    private InspectionFinding()
    {
    }

    public Guid Id { get; private set; }
    public Guid InspectionId { get; private set; }

    [DisplayName("问题描述")]
    public string Text { get; private set; } = "";

    public int Position { get; private set; }

    /// <summary>The problem raised from it, once raised.</summary>
    [DisplayName("问题")]
    public Guid? ProblemId { get; private set; }

    public static InspectionFinding Create(Guid inspectionId, string text, int position) => new()
    {
        Id = Ids.New(),
        InspectionId = inspectionId,
        Text = text.Trim(),
        Position = position,
    };

    public void Raised(Guid problemId) => ProblemId = problemId;
}

/// <summary>暗访照片: a photo taken on site, of a finding or of the visit, with the time it was taken.</summary>
[DisplayName("暗访照片")]
public sealed class InspectionPhoto
{
    private InspectionPhoto()
    {
    }

    public Guid Id { get; private set; }
    public Guid InspectionId { get; private set; }

    [DisplayName("发现问题")]
    public Guid? FindingId { get; private set; }

    public Guid StoredFileId { get; private set; }

    /// <summary>When the photo was taken, as the phone said (the file's time); null when unknown.</summary>
    [DisplayName("拍摄时间")]
    public DateTimeOffset? CapturedAt { get; private set; }

    public static InspectionPhoto Create(Guid inspectionId, Guid? findingId, Guid storedFileId, DateTimeOffset? capturedAt) => new()
    {
        Id = Ids.New(),
        InspectionId = inspectionId,
        FindingId = findingId,
        StoredFileId = storedFileId,
        CapturedAt = capturedAt,
    };
}
