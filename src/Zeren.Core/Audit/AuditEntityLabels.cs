using System.ComponentModel;
using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace Zeren.Core.Audit;

/// <summary>
/// What an entity type and its properties are called in the audit log: the <see cref="DisplayNameAttribute"/> on the class
/// (组织, 人员, …) and on each property (名称, 入党日期, …), which every capability puts on its own entities; names for
/// Identity's own tables and columns; else the model name.
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

    /// <summary>Columns every table or Identity's tables have, which no class of ours declares.</summary>
    private static readonly Dictionary<string, string> Common = new(StringComparer.Ordinal)
    {
        ["Id"] = "编号",
        ["CreatedAt"] = "创建时间",
        ["UpdatedAt"] = "更新时间",
        ["UserName"] = "用户名",
        ["NormalizedUserName"] = "用户名（规范化）",
        ["Email"] = "电子邮箱",
        ["NormalizedEmail"] = "电子邮箱（规范化）",
        ["EmailConfirmed"] = "邮箱已确认",
        ["PasswordHash"] = "密码",
        ["SecurityStamp"] = "安全戳",
        ["ConcurrencyStamp"] = "并发标记",
        ["PhoneNumber"] = "电话号码",
        ["PhoneNumberConfirmed"] = "电话已确认",
        ["TwoFactorEnabled"] = "双因素认证",
        ["LockoutEnd"] = "锁定至",
        ["LockoutEnabled"] = "允许锁定",
        ["AccessFailedCount"] = "连续登录失败次数",
        ["UserId"] = "账号",
        ["RoleId"] = "角色",
        ["Name"] = "名称",
        ["NormalizedName"] = "名称（规范化）",
        ["LoginProvider"] = "登录方式",
        ["ProviderKey"] = "外部账号",
        ["ProviderDisplayName"] = "登录方式名称",
        ["Value"] = "值",
        ["ClaimType"] = "声明类型",
        ["ClaimValue"] = "声明值",
    };

    /// <summary>Stamps that change with every change of their row: a summary names them only when nothing else changed.</summary>
    private static readonly HashSet<string> Bookkeeping = new(StringComparer.Ordinal) { "UpdatedAt", "UpdatedBy", "ConcurrencyStamp" };

    public static string Of(Type type, string fallback)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.GetCustomAttribute<DisplayNameAttribute>()?.DisplayName ?? Identity.GetValueOrDefault(type, fallback);
    }

    /// <summary>
    /// A property's name in Chinese. An encrypted column is recorded under its plain name (<c>IdNumber</c> for
    /// <c>IdNumberCipher</c>) and named like the column.
    /// </summary>
    public static string Field(Type type, string property)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(property);
        var declared = type.GetProperty(property, BindingFlags.Public | BindingFlags.Instance)
            ?? type.GetProperty(property + "Cipher", BindingFlags.Public | BindingFlags.Instance);
        return declared?.GetCustomAttribute<DisplayNameAttribute>()?.DisplayName ?? Common.GetValueOrDefault(property, property);
    }

    /// <summary>True for a stamp that changes with everything (<c>UpdatedAt</c>, Identity's <c>ConcurrencyStamp</c>).</summary>
    public static bool IsBookkeeping(string property) => Bookkeeping.Contains(property);
}
