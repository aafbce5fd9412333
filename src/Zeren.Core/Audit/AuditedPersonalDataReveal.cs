using Zeren.Core.People;
using Zeren.Core.Security;

namespace Zeren.Core.Audit;

/// <summary>Every sight of a person's full ID number and mobile (查看完整个人信息) is an audit entry, written before the numbers leave.</summary>
public sealed class AuditedPersonalDataReveal(AuditLog audit) : IPersonalDataAudit
{
    public Task RevealedAsync(Guid personId, CancellationToken ct) =>
        audit.RecordAsync(AuditAction.RevealPersonalData, nameof(Person), personId.ToString(), "查看完整身份证号码和手机号码", ct: ct);
}
