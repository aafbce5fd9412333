using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Zeren.Core.Audit;

/// <summary>
/// Bookkeeping rows whose changes the <see cref="AuditInterceptor"/> does not record one by one, because the event
/// that makes them is recorded instead: the sessions and refresh tokens of sign-in (登录成功, 退出登录, and the account
/// change that ends them). Business data is never marked so.
/// </summary>
public static class NotAudited
{
    internal const string Annotation = "Zeren:NotAudited";

    public static EntityTypeBuilder<T> IsNotAudited<T>(this EntityTypeBuilder<T> builder)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.HasAnnotation(Annotation, true);
    }

    public static bool IsAudited(this IReadOnlyEntityType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.FindAnnotation(Annotation) is null;
    }

    internal const string SealedAnnotation = "Zeren:SealedInAudit";

    /// <summary>
    /// The column's value is written to the audit log as hidden (<see cref="AuditValues.Hidden"/>), like a secret: the log
    /// records that the row was made or changed, by whom and when, but not this value (a secret inspection plan's date and
    /// villages, which the 审计管理员 must not learn before the visit; ADR 0029).
    /// </summary>
    public static PropertyBuilder<TProperty> IsSealedInAudit<TProperty>(this PropertyBuilder<TProperty> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.HasAnnotation(SealedAnnotation, true);
    }

    internal static bool IsSealedInAudit(this IReadOnlyProperty property) => property.FindAnnotation(SealedAnnotation) is not null;
}
