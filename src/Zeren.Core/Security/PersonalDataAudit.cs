namespace Zeren.Core.Security;

/// <summary>
/// Told each time someone sees a person's full ID number and mobile (脱敏查看), after the permission check and before
/// the values leave the service. The audit log replaces the default, which records nothing.
/// </summary>
public interface IPersonalDataAudit
{
    Task RevealedAsync(Guid personId, CancellationToken ct);
}

/// <summary>Until the audit log is there: nothing is recorded.</summary>
public sealed class NoPersonalDataAudit : IPersonalDataAudit
{
    public Task RevealedAsync(Guid personId, CancellationToken ct) => Task.CompletedTask;
}
