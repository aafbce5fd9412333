using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Core.People;

namespace Zeren.Core.Security;

/// <summary>
/// Who an account is, as pages show an author or a recorder (登记人, 上传人, 阅读人, the audit log's 操作人): the name of the
/// person the account is linked to, else the account's display name — never its login. Records keep the login they were
/// written with (<c>CreatedBy</c>); the name is looked up when shown, so a person linked later is named on old records too.
/// </summary>
public sealed class AccountNames(ZerenDbContext db)
{
    /// <summary>What the app itself (start-up, jobs, the demo load) is called.</summary>
    public const string SystemName = "系统";

    /// <summary>What someone not signed in is called.</summary>
    public const string AnonymousName = "未登录访客";

    /// <summary>Logins → names, for every login given; a login no account has any more is shown as it is.</summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string?> userNames, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(userNames);
        var logins = userNames.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!).Distinct(StringComparer.Ordinal).ToList();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (logins.Count == 0)
        {
            return names;
        }
        // The person behind an account may belong outside the reader's scope (a county clerk recording for a village):
        // their name is part of the record, so only the people filter is lifted, for names alone.
        var people = db.Set<Person>().IgnoreQueryFilters([Person.ScopeFilter]);
        var rows = await db.Set<Account>().AsNoTracking()
            .Where(a => logins.Contains(a.UserName!))
            .Select(a => new
            {
                a.UserName,
                a.DisplayName,
                Person = people.Where(p => p.Id == a.PersonId).Select(p => p.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        foreach (var row in rows)
        {
            names[row.UserName!] = !string.IsNullOrWhiteSpace(row.Person) ? row.Person
                : !string.IsNullOrWhiteSpace(row.DisplayName) ? row.DisplayName
                : row.UserName!;
        }
        foreach (var login in logins.Where(l => !names.ContainsKey(l)))
        {
            names[login] = login == Actor.System.UserName ? SystemName : login == Actor.Anonymous.UserName ? AnonymousName : login;
        }
        return names;
    }

    /// <summary>One login's name (<see cref="NamesAsync"/>).</summary>
    public async Task<string> NameAsync(string? userName, CancellationToken ct = default) =>
        string.IsNullOrWhiteSpace(userName) ? "" : (await NamesAsync([userName], ct))[userName];
}
