using System.ComponentModel;
using Microsoft.AspNetCore.Identity;

namespace Zeren.Core.Security;

/// <summary>
/// 账号: one person's login. Bound to an organization, whose subtree is its data scope (null: the whole deployment,
/// only for accounts made when the system is set up). Roles are Identity roles named after <see cref="Role"/>.
/// </summary>
[DisplayName("账号")]
public sealed class Account : IdentityUser<Guid>
{
    public Account()
    {
        Id = Platform.Ids.New();
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    /// <summary>显示名, e.g. the person's name.</summary>
    [DisplayName("姓名")]
    public string DisplayName { get; set; } = "";

    /// <summary>The organization the account works for; its subtree is what the account may see.</summary>
    [DisplayName("所属组织")]
    public Guid? OrgId { get; set; }

    /// <summary>The person behind the account, if registered (a 县级领导's links widen the scope).</summary>
    [DisplayName("对应人员")]
    public Guid? PersonId { get; set; }

    /// <summary>Demo accounts exist only with the demo county and are spared the first-login password change.</summary>
    [DisplayName("演示账号")]
    public bool IsDemo { get; set; }

    /// <summary>Set when an administrator sets the password: the owner must choose their own at next login.</summary>
    [DisplayName("须修改密码")]
    public bool MustChangePassword { get; set; }

    [DisplayName("密码修改时间")]
    public DateTimeOffset? PasswordChangedAt { get; set; }

    [DisplayName("创建时间")]
    public DateTimeOffset CreatedAt { get; set; }

    [DisplayName("最后登录时间")]
    public DateTimeOffset? LastLoginAt { get; set; }

    /// <summary>停用: a disabled account cannot sign in; accounts are never deleted, so the audit log keeps its names.</summary>
    [DisplayName("停用")]
    public bool Disabled { get; set; }

    /// <summary>
    /// The hashes of the passwords before the current one, newest first, as a JSON array: with the current one they
    /// are the last <see cref="AccountService.PasswordHistoryLength"/> passwords, which a new password may not repeat.
    /// </summary>
    public string? PreviousPasswordHashes { get; set; }

    /// <summary>
    /// The 30-second time step of the last authenticator code this account used (to sign in or to turn two-factor
    /// sign-in on): a code is good once, so a code seen over a shoulder or replayed cannot be used again.
    /// </summary>
    public long? LastTotpTimeStep { get; set; }

    /// <summary>The previous password hashes, newest first.</summary>
    public IReadOnlyList<string> PasswordHistory() =>
        string.IsNullOrEmpty(PreviousPasswordHashes)
            ? []
            : System.Text.Json.JsonSerializer.Deserialize<List<string>>(PreviousPasswordHashes) ?? [];

    /// <summary>Puts <paramref name="hash"/> (the password being replaced) first in the history, keeping <paramref name="keep"/> of them.</summary>
    public void RememberPasswordHash(string? hash, int keep)
    {
        if (string.IsNullOrEmpty(hash))
        {
            return;
        }
        var history = PasswordHistory().Prepend(hash).Take(keep).ToList();
        PreviousPasswordHashes = System.Text.Json.JsonSerializer.Serialize(history);
    }
}
