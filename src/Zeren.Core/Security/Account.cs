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
    public string DisplayName { get; set; } = "";

    /// <summary>The organization the account works for; its subtree is what the account may see.</summary>
    public Guid? OrgId { get; set; }

    /// <summary>The person behind the account, if registered (a 县级领导's links widen the scope).</summary>
    public Guid? PersonId { get; set; }

    /// <summary>Demo accounts exist only with the demo county and are spared the first-login password change.</summary>
    public bool IsDemo { get; set; }

    /// <summary>Set when an administrator sets the password: the owner must choose their own at next login.</summary>
    public bool MustChangePassword { get; set; }

    public DateTimeOffset? PasswordChangedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastLoginAt { get; set; }

    /// <summary>停用: a disabled account cannot sign in; accounts are never deleted, so the audit log keeps its names.</summary>
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
