using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Platform;
using Zeren.Core.Security;
using Zeren.Core.Spreadsheets;

namespace Zeren.Core.Audit;

/// <summary>
/// 审计日志导出: the entries a search finds, as .xlsx, one row per entry with the operation it belongs to, names and
/// changes in Chinese as the page shows them. Personal data is in the file as the log keeps it: masked.
/// </summary>
public sealed class AuditExport(AuditSearch search, AccountNames accounts)
{
    /// <summary>The most entries one file holds; a wider search is refused with a request to narrow it.</summary>
    public const int MaxRows = 100_000;

    /// <summary>Entries read per query.</summary>
    private const int Slice = 2_000;

    private static readonly SheetColumn[] Columns =
    [
        new("序号", 10),
        new("操作编号", 10),
        new("时间（北京时间）", 20),
        new("用户名", 14, ColumnFormat.Text),
        new("操作人", 14),
        new("地址", 16, ColumnFormat.Text),
        new("操作", 14),
        new("对象类型", 12),
        new("对象编号", 38, ColumnFormat.Text),
        new("对象名称", 20),
        new("摘要", 40, ColumnFormat.Wrapped),
        new("原因", 24, ColumnFormat.Wrapped),
        new("变更前", 50, ColumnFormat.Wrapped),
        new("变更后", 50, ColumnFormat.Wrapped),
    ];

    /// <summary>Writes the matching entries, newest first, and returns how many.</summary>
    public async Task<int> WriteAsync(Stream output, AuditFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var matching = search.Matching(filter);
        var total = await matching.CountAsync(ct);
        if (total > MaxRows)
        {
            throw new DomainException("audit_export_too_large",
                $"符合条件的审计记录有 {total} 条，超过一次导出的上限 {MaxRows} 条：请缩小时间范围或增加筛选条件后分批导出。");
        }
        using var xlsx = new XlsxWriter(output);
        var sheet = xlsx.AddSheet("审计日志", Columns);
        long? before = null;
        var written = 0;
        while (written < total)
        {
            var upper = before;
            var slice = await matching.Where(e => upper == null || e.Sequence < upper)
                .OrderByDescending(e => e.Sequence).Take(Slice)
                .Select(e => new AuditEntryView(e.Sequence, e.At, e.AccountId, e.UserName, e.ClientAddress, e.ActorOrgPath, e.Action,
                    e.EntityType, e.EntityId, e.Summary, e.Before, e.After, e.PreviousHash, e.Hash, e.Operation, e.EntityName, e.Reason))
                .ToListAsync(ct);
            if (slice.Count == 0)
            {
                break;
            }
            var names = await accounts.NamesAsync(slice.Select(e => e.UserName), ct);
            foreach (var e in slice)
            {
                sheet.AddRow(e.Sequence, e.Operation ?? e.Sequence, ChinaTime.ToChina(e.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    e.UserName, names.GetValueOrDefault(e.UserName, e.UserName), e.ClientAddress, AuditActionNames.Of(e.Action),
                    search.EntityLabel(e.EntityType), e.EntityId, e.Name, search.SummaryOf(e), e.Reason,
                    Readable(e.EntityType, e.Before), Readable(e.EntityType, e.After));
            }
            written += slice.Count;
            before = slice[^1].Sequence;
        }
        xlsx.Finish();
        return written;
    }

    /// <summary>Stored values as lines of “名称：值”.</summary>
    private string? Readable(string entityType, string? json)
    {
        var values = AuditValues.Read(json);
        return values.Count == 0 ? null
            : string.Join("\n", values.Select(v => v.Key.Length == 0 ? v.Value ?? "" : $"{search.FieldLabel(entityType, v.Key)}：{v.Value ?? "—"}"));
    }
}

/// <summary>The actions' names in Chinese, for files and summaries written without the page's resources.</summary>
public static class AuditActionNames
{
    public static string Of(AuditAction action) => action switch
    {
        AuditAction.Create => "新增",
        AuditAction.Update => "修改",
        AuditAction.Delete => "删除",
        AuditAction.LoginSucceeded => "登录成功",
        AuditAction.LoginFailed => "登录失败",
        AuditAction.Logout => "退出登录",
        AuditAction.Export => "导出",
        AuditAction.RevealPersonalData => "查看完整个人信息",
        AuditAction.GrantRole => "授予角色",
        AuditAction.RevokeRole => "撤销角色",
        AuditAction.AccountChange => "账号变更",
        AuditAction.PasswordChange => "修改密码",
        AuditAction.TwoFactorChange => "两步验证变更",
        AuditAction.ConfigChange => "配置变更",
        AuditAction.Import => "导入",
        _ => action.ToString(),
    };
}
