using System.ComponentModel;
using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace Zeren.Core.Audit;

/// <summary>
/// What an entity type is called in audit summaries: the <see cref="DisplayNameAttribute"/> on its class (组织, 人员, …),
/// a name for Identity's own tables, else the type's model name.
/// </summary>
public static class AuditEntityLabels
{
    private static readonly Dictionary<Type, string> Identity = new()
    {
        [typeof(IdentityRole<Guid>)] = "角色",
        [typeof(IdentityUserRole<Guid>)] = "账号角色",
        [typeof(IdentityUserClaim<Guid>)] = "账号声明",
        [typeof(IdentityUserLogin<Guid>)] = "外部登录",
        [typeof(IdentityUserToken<Guid>)] = "账号令牌",
        [typeof(IdentityRoleClaim<Guid>)] = "角色声明",
    };

    public static string Of(Type type, string fallback)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.GetCustomAttribute<DisplayNameAttribute>()?.DisplayName ?? Identity.GetValueOrDefault(type, fallback);
    }
}
