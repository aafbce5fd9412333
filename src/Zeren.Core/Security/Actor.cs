using Zeren.Core.Organizations;

namespace Zeren.Core.Security;

/// <summary>
/// The organizations an account may read and change: subtrees given by their materialized paths.
/// <see cref="All"/> is the whole deployment (the app itself, or an account bound to no organization).
/// </summary>
public sealed record DataScope(bool All, IReadOnlyList<string> Paths)
{
    /// <summary>The most subtrees one scope holds; the query filter has this many ranges.</summary>
    public const int MaxPaths = 4;

    public static readonly DataScope Everything = new(true, []);
    public static readonly DataScope Nothing = new(false, []);

    public static DataScope Of(IEnumerable<string> paths)
    {
        // A path inside another adds nothing; keep the outermost ones.
        var sorted = paths.Distinct().Order(StringComparer.Ordinal).ToList();
        var kept = new List<string>();
        foreach (var p in sorted)
        {
            if (!kept.Any(k => p.StartsWith(k, StringComparison.Ordinal)))
            {
                kept.Add(p);
            }
        }
        if (kept.Count > MaxPaths)
        {
            throw new InvalidOperationException($"A data scope holds at most {MaxPaths} subtrees.");
        }
        return new DataScope(false, kept);
    }

    public bool Contains(string orgPath) => All || Paths.Any(p => orgPath.StartsWith(p, StringComparison.Ordinal));

    /// <summary>
    /// The LIKE pattern of subtree <paramref name="i"/> (<see cref="OrgPath.Pattern"/>), or null past the scope's last
    /// subtree: a null pattern matches nothing, and EF Core leaves its test out of the statement it sends.
    /// </summary>
    public string? Pattern(int i) => i < Paths.Count ? OrgPath.Pattern(Paths[i]) : null;

    /// <summary>
    /// The first path of subtree <paramref name="i"/> (its root's), or null past the scope's last subtree: EF Core
    /// leaves the test of a null range out of the statement it sends.
    /// </summary>
    public string? From(int i) => i < Paths.Count ? Paths[i] : null;

    /// <summary>The end of subtree <paramref name="i"/>, past its last path (<see cref="OrgPath.UpperBound"/>), or null past the scope's last subtree.</summary>
    public string? Until(int i) => i < Paths.Count ? OrgPath.UpperBound(Paths[i]) : null;
}

/// <summary>Who is acting: an account signed in to the app, or the app itself (start-up, jobs, commands).</summary>
public sealed class Actor
{
    public static readonly Actor System = new(null, "system", null, [], DataScope.Everything, isSystem: true);
    public static readonly Actor Anonymous = new(null, "anonymous", null, [], DataScope.Nothing, isSystem: false);

    public Actor(Guid? accountId, string userName, string? clientAddress, IReadOnlyCollection<Role> roles, DataScope scope, bool isSystem = false, Guid? orgId = null, string? orgPath = null)
    {
        AccountId = accountId;
        UserName = userName;
        ClientAddress = clientAddress;
        Roles = roles;
        Scope = scope;
        IsSystem = isSystem;
        OrgId = orgId;
        OrgPath = orgPath;
    }

    public Guid? AccountId { get; }
    public string UserName { get; }
    public string? ClientAddress { get; }
    public IReadOnlyCollection<Role> Roles { get; }
    public DataScope Scope { get; }
    public bool IsSystem { get; }

    /// <summary>The organization the account is bound to (null: the whole deployment).</summary>
    public Guid? OrgId { get; }
    public string? OrgPath { get; }

    /// <summary>The session the request runs in (<see cref="AccountSession"/>); null outside a signed-in request.</summary>
    public Guid? SessionId { get; init; }

    public bool Has(Permission permission) => IsSystem || Security.Roles.Allows(Roles, permission);

    public Actor WithClientAddress(string? address) => new(AccountId, UserName, address, Roles, Scope, IsSystem, OrgId, OrgPath) { SessionId = SessionId };
}

/// <summary>
/// The actor of the current unit of work (one web request, one job run). Scoped; the web app sets it after
/// authentication. Outside a request nobody sets it, and the app itself is the actor.
/// </summary>
public sealed class ActorAccessor
{
    public Actor Current { get; set; } = Actor.System;
}
