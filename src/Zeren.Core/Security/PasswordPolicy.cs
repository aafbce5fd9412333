using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;

namespace Zeren.Core.Security;

/// <summary>
/// 口令复杂度: at least 8 characters with three of the four kinds (upper case, lower case, digit, symbol), not the
/// user name, not one of the common passwords (<see cref="IsCommon"/>), and not the demo password, which the README
/// publishes, except for the demo accounts themselves. Whether a password was used before is the account's history,
/// which <see cref="AccountService"/> checks.
/// </summary>
public sealed class PasswordPolicy : IPasswordValidator<Account>
{
    public const int MinLength = 8;

    /// <summary>The password of every demo account (<see cref="Demo.DemoAccounts"/>), published in the README.</summary>
    public const string DemoPassword = "Zeren@2026";

    private static readonly Lazy<FrozenSet<string>> Common = new(LoadCommon);

    /// <summary>How many passwords the common-password list holds.</summary>
    public static int CommonCount => Common.Value.Count;

    public static string? Problem(string? userName, string? password, bool isDemo = false)
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
        var demo = string.Equals(password, DemoPassword, StringComparison.OrdinalIgnoreCase);
        if (demo && !isDemo)
        {
            return "不能使用演示账号的公开密码。";
        }
        if (!demo && IsCommon(password))
        {
            return "这是常见密码，很容易被猜中，请换一个。";
        }
        return null;
    }

    /// <summary>
    /// True when the password, in lower case, is on the list of common passwords (an embedded resource of about
    /// nine thousand), as it is or with the symbols at either end taken off: <c>Qq123456!</c> is <c>qq123456</c>.
    /// </summary>
    public static bool IsCommon(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var lower = password.ToLowerInvariant();
        var trimmed = lower.Trim().TrimStart(NotLetterOrDigit).TrimEnd(NotLetterOrDigit);
        return Common.Value.Contains(lower) || (trimmed.Length > 0 && Common.Value.Contains(trimmed));
    }

    private static readonly char[] NotLetterOrDigit = [.. Enumerable.Range(0x21, 0x7E - 0x20).Select(i => (char)i).Where(c => !char.IsAsciiLetterOrDigit(c))];

    private static FrozenSet<string> LoadCommon()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("Zeren.Core.Security.CommonPasswords.txt")
            ?? throw new InvalidOperationException("The common-password list is not embedded in Zeren.Core.");
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var word = line.Trim();
            if (word.Length > 0 && !word.StartsWith('#'))
            {
                words.Add(word.ToLowerInvariant());
            }
        }
        return words.ToFrozenSet(StringComparer.Ordinal);
    }

    public Task<IdentityResult> ValidateAsync(UserManager<Account> manager, Account user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        var problem = Problem(user.UserName, password, user.IsDemo);
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
