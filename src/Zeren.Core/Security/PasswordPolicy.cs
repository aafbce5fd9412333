using Microsoft.AspNetCore.Identity;

namespace Zeren.Core.Security;

/// <summary>
/// 口令复杂度: at least 8 characters with three of the four kinds (upper case, lower case, digit, symbol),
/// and not the user name.
/// </summary>
public sealed class PasswordPolicy : IPasswordValidator<Account>
{
    public const int MinLength = 8;

    public static string? Problem(string? userName, string? password)
    {
        password ??= "";
        if (password.Length < MinLength)
        {
            return $"密码至少 {MinLength} 位。";
        }
        var kinds = (password.Any(char.IsAsciiLetterUpper) ? 1 : 0)
            + (password.Any(char.IsAsciiLetterLower) ? 1 : 0)
            + (password.Any(char.IsAsciiDigit) ? 1 : 0)
            + (password.Any(c => !char.IsAsciiLetterOrDigit(c)) ? 1 : 0);
        if (kinds < 3)
        {
            return "密码须包含大写字母、小写字母、数字、符号中的至少三种。";
        }
        if (userName is not null && string.Equals(password, userName, StringComparison.OrdinalIgnoreCase))
        {
            return "密码不能与用户名相同。";
        }
        return null;
    }

    public Task<IdentityResult> ValidateAsync(UserManager<Account> manager, Account user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        var problem = Problem(user.UserName, password);
        return Task.FromResult(problem is null
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError { Code = "password_policy", Description = problem }));
    }
}

/// <summary>Identity's messages in Chinese.</summary>
public sealed class ChineseIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = $"用户名“{userName}”已被使用。" };
    public override IdentityError InvalidUserName(string? userName) => new() { Code = nameof(InvalidUserName), Description = "用户名只能包含字母、数字和 . _ - @。" };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "原密码不正确。" };
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = $"密码至少 {length} 位。" };
    public override IdentityError DuplicateRoleName(string role) => new() { Code = nameof(DuplicateRoleName), Description = $"角色“{role}”已存在。" };
    public override IdentityError UserAlreadyInRole(string role) => new() { Code = nameof(UserAlreadyInRole), Description = "账号已有该角色。" };
    public override IdentityError ConcurrencyFailure() => new() { Code = nameof(ConcurrencyFailure), Description = "账号已被他人修改，请刷新后重试。" };
    public override IdentityError DefaultError() => new() { Code = nameof(DefaultError), Description = "操作未成功。" };
    public override IdentityError InvalidToken() => new() { Code = nameof(InvalidToken), Description = "验证码不正确或已过期。" };
}
