using Zeren.Core.PartyAudits;

namespace Zeren.Web.Components.Pages.PartyAudits;

/// <summary>新建审计: year, name, the sampling rule, the units and the checklist (one item a line: 内容|分值).</summary>
public sealed class AuditRoundForm
{
    public int Year { get; set; }
    public string? Name { get; set; }
    public int AgencyMin { get; set; } = AuditSamplingRules.Default.AgencyMin;
    public int AgencyMax { get; set; } = AuditSamplingRules.Default.AgencyMax;
    public int GrassrootsMin { get; set; } = AuditSamplingRules.Default.GrassrootsMin;
    public int GrassrootsMax { get; set; } = AuditSamplingRules.Default.GrassrootsMax;
    public List<Guid> Units { get; set; } = [];
    public string? Items { get; set; } = string.Join("\n", AuditChecklist.Default.Select(i => $"{i.Title}|{i.MaxPoints}"));

    /// <summary>The checklist lines as items; a line whose points do not read as a number keeps 0 (which the service refuses, naming the line).</summary>
    public IReadOnlyList<AuditItemInput> ItemInputs() => (Items ?? "")
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(line =>
        {
            var bar = line.LastIndexOfAny(['|', '｜']);
            return bar < 0
                ? new AuditItemInput(line, 0)
                : new AuditItemInput(line[..bar].Trim(), int.TryParse(line[(bar + 1)..].Trim(), System.Globalization.NumberStyles.Integer,
                    System.Globalization.CultureInfo.InvariantCulture, out var points) ? points : 0);
        })
        .ToList();
}

/// <summary>抽样: an optional seed.</summary>
public sealed class AuditDrawForm
{
    public int? Seed { get; set; }
}

/// <summary>结束审计: nothing but the button.</summary>
public sealed class AuditCloseForm
{
    public string? Confirm { get; set; }
}

/// <summary>A branch's scores, one row per checklist item.</summary>
public sealed class AuditScoreForm
{
    public List<AuditScoreRow> Rows { get; set; } = [];
}

public sealed class AuditScoreRow
{
    public Guid ItemId { get; set; }
    public int Points { get; set; }
    public bool Passed { get; set; } = true;
    public string? Note { get; set; }
}
