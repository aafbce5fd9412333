namespace Zeren.Core.Security;

/// <summary>
/// Told each time someone sees a person's full ID number and mobile (脱敏查看), after the permission check and before
/// the values leave the service. The app records it in the audit log (<c>AuditedPersonalDataReveal</c>).
/// </summary>
public interface IPersonalDataAudit
{
    Task RevealedAsync(Guid personId, CancellationToken ct);
}

/// <summary>Records nothing: for tests of the people service on its own.</summary>
public sealed class NoPersonalDataAudit : IPersonalDataAudit
{
    public Task RevealedAsync(Guid personId, CancellationToken ct) => Task.CompletedTask;
}
