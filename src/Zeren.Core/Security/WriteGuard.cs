using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Zeren.Core.Data;
using Zeren.Core.Platform;

namespace Zeren.Core.Security;

/// <summary>
/// The last check before anything is written, whichever page, endpoint or import asked: the actor's role must allow
/// changing that kind of row, and the row must belong to an organization inside the actor's scope (for a new row of
/// the org tree: its parent). What each kind of row needs is declared with the entity (<see cref="RowRules"/>);
/// building the model refuses an entity without a declaration.
/// </summary>
internal static class WriteGuard
{
    public static async Task CheckAsync(ZerenDbContext db, Actor actor, CancellationToken ct)
    {
        if (actor.IsSystem)
        {
            return;
        }
        var changed = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }
        var orgIds = new HashSet<Guid>();
        foreach (var entry in changed)
        {
            var type = entry.Metadata;
            var rule = RowRules.WriteOf(type) ?? throw new InvalidOperationException($"{type.ClrType.Name} declares no write rule.");
            if (rule.Permission is not { } permission)
            {
                continue;
            }
            if (!actor.Has(permission))
            {
                throw new ForbiddenException("您的角色没有修改此类数据的权限。");
            }
            switch (RowRules.ScopeOf(type))
            {
                case PathScope tree:
                    if (entry.Property(tree.Parent).CurrentValue is Guid parent)
                    {
                        orgIds.Add(parent);
                    }
                    else if (!db.Scope.All)
                    {
                        throw new ForbiddenException("只有全域账号可以新建或修改顶级组织。");
                    }
                    if (entry.State != EntityState.Added)
                    {
                        orgIds.Add((Guid)entry.Property(Key(type)).CurrentValue!);
                    }
                    break;
                case OrgScope owned:
                    if (entry.Property(owned.OrgId).CurrentValue is Guid current)
                    {
                        orgIds.Add(current);
                    }
                    if (entry.State == EntityState.Modified && entry.Property(owned.OrgId).OriginalValue is Guid original)
                    {
                        orgIds.Add(original);
                    }
                    break;
            }
        }
        if (orgIds.Count == 0 || db.Scope.All)
        {
            return;
        }
        // The filtered tree: what it does not return is outside the scope.
        var ids = orgIds.ToList();
        var orgTree = db.Model.GetEntityTypes().Single(e => RowRules.ScopeOf(e) is PathScope);
        var visible = await VisibleAsync(db, orgTree, ids, ct);
        if (visible.Count != ids.Count)
        {
            var missing = ids.Except(visible).First();
            throw new NotFoundException("组织", missing);
        }
    }

    private static string Key(IReadOnlyEntityType type) => type.FindPrimaryKey()!.Properties.Single().Name;

    private static readonly System.Reflection.MethodInfo VisibleOf = typeof(WriteGuard)
        .GetMethod(nameof(VisibleOfAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    /// <summary>Which of these ids the actor sees in the org tree (whose type the tree's declaration names).</summary>
    private static Task<List<Guid>> VisibleAsync(ZerenDbContext db, IReadOnlyEntityType tree, List<Guid> ids, CancellationToken ct) =>
        (Task<List<Guid>>)VisibleOf.MakeGenericMethod(tree.ClrType).Invoke(null, [db, Key(tree), ids, ct])!;

    private static Task<List<Guid>> VisibleOfAsync<T>(ZerenDbContext db, string key, List<Guid> ids, CancellationToken ct) where T : class =>
        db.Set<T>().Where(o => ids.Contains(EF.Property<Guid>(o, key))).Select(o => EF.Property<Guid>(o, key)).ToListAsync(ct);
}
