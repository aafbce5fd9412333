using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Zeren.Core.Platform;

/// <summary>Something that keeps the reason of the operation under way: the audit log (<c>AuditInterceptor</c>).</summary>
public interface IReasonRecorder
{
    /// <summary>Recorded with every change the operation saves from now on.</summary>
    string? Reason { get; set; }
}

/// <summary>
/// 原因: actions whose record matters (ending a link or a position, removing a reserve candidate, deleting a person or an
/// organization) take a reason, which the audit log keeps with every entry of the operation.
/// </summary>
public static class Reasons
{
    public const int MaxLength = 200;

    /// <summary>The reason, trimmed; a blank or too long one is refused (422, field <c>reason</c>).</summary>
    public static string Require(string? reason)
    {
        var text = reason?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new DomainException("reason_required", "请填写原因：此操作的原因会记入审计日志。", "reason");
        }
        if (text.Length > MaxLength)
        {
            throw new DomainException("reason_too_long", $"原因不能超过 {MaxLength} 个字。", "reason");
        }
        return text;
    }

    /// <summary>
    /// Checks <paramref name="reason"/> (<see cref="Require"/>) and hands it to whatever records the operations of
    /// <paramref name="db"/> (the audit log), for every change saved from now on. Returns the trimmed reason. A context
    /// without the audit log (a service tested on its own) records nothing.
    /// </summary>
    public static string Because(this DbContext db, string? reason)
    {
        ArgumentNullException.ThrowIfNull(db);
        var text = Require(reason);
        var interceptors = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors ?? [];
        foreach (var recorder in interceptors.OfType<IReasonRecorder>())
        {
            recorder.Reason = text;
        }
        return text;
    }
}
