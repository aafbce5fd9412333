using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Zeren.Core.Data;

namespace Zeren.Core.Security;

/// <summary>
/// 数据范围: the one place where an account's scope is enforced. Every query through the context, from a page, the
/// API, an export or a job, sees the org tree inside the actor's subtrees and the rows that belong to it; a row
/// outside is not there at all, so asking for it by id is a 404 like any missing row.
/// The filters are built here from what each entity declares in its own configuration (<see cref="RowRules"/>): the
/// tree is in scope when its path lies in one of the scope's ranges (one index range each); a row of an organization
/// when its organization is (a semi-join); a row with no organization of its own when its parent row is. Building
/// the model refuses an entity that declares no scope or no write rule (<see cref="RowRulesConvention"/>), so a new
/// table cannot forget either.
/// Code that must look across scopes (uniqueness checks, sign-in) says so with <c>IgnoreQueryFilters()</c>, which lifts
/// every filter of the whole query (not just of the set it is called on): never in a query that returns scoped rows.
/// To show the name of someone outside the scope beside a row inside it, a query lifts one named filter alone
/// (<c>IgnoreQueryFilters([name])</c>; the name is given in the entity's declaration).
/// </summary>
internal static class DataScopeFilters
{
    private static readonly MethodInfo SetMethod = typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!;

    private static readonly MethodInfo AnyMethod = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.Any) && m.GetParameters().Length == 2);

    public static void Apply(ModelBuilder mb, ZerenDbContext db)
    {
        // One reference to the context for every filter: the database gets one parameter per scope value however
        // many filters a query nests.
        Expression<Func<ZerenDbContext>> context = () => db;
        // Whether every entity declares its scope and write rule is checked once the model is whole (RowRulesConvention).
        var entities = mb.Model.GetEntityTypes().ToList();
        var trees = entities.Where(e => RowRules.ScopeOf(e) is PathScope).ToList();
        if (trees.Count > 1)
        {
            throw new InvalidOperationException(
                $"Only one entity can be the org tree (ScopedByPath); {string.Join(" and ", trees.Select(t => t.ClrType.Name))} both say so.");
        }
        foreach (var entity in entities)
        {
            // Only declared entities are touched: naming a type here would keep one that convention was about to drop.
            switch (RowRules.ScopeOf(entity))
            {
                case PathScope tree:
                    mb.Entity(entity.ClrType).HasQueryFilter(InScope(entity, tree, context.Body));
                    break;
                case OrgScope owned:
                    var owner = trees.SingleOrDefault() ?? throw new InvalidOperationException(
                        $"{entity.ClrType.Name} is scoped by organization, but no entity is the org tree (ScopedByPath).");
                    var filter = OwnedBy(entity, owned.OrgId, owner, context.Body);
                    if (owned.FilterName is { } name)
                    {
                        mb.Entity(entity.ClrType).HasQueryFilter(name, filter);
                    }
                    else
                    {
                        mb.Entity(entity.ClrType).HasQueryFilter(filter);
                    }
                    break;
                case ParentScope child:
                    mb.Entity(entity.ClrType).HasQueryFilter(OwnedBy(entity, child.ParentId, ParentOf(entity, child), context.Body));
                    break;
            }
            if (RowRules.VisibilityOf(entity) is { } visibility)
            {
                // (db, row) => rule, with db the context of the query: a second, named filter beside the scope.
                var rule = visibility.Visible;
                var row = rule.Parameters[1];
                var body = ReplacingExpressionVisitor.Replace(rule.Parameters[0], context.Body, rule.Body);
                mb.Entity(entity.ClrType).HasQueryFilter(visibility.Name, Expression.Lambda(body, row));
            }
        }
    }

    /// <summary>The parent a row is scoped through: the principal of the foreign key on the declared property, itself scoped.</summary>
    private static IReadOnlyEntityType ParentOf(IMutableEntityType entity, ParentScope child)
    {
        var parent = entity.GetForeignKeys()
            .Where(fk => fk.Properties.Count == 1 && fk.Properties[0].Name == child.ParentId)
            .Select(fk => fk.PrincipalEntityType)
            .FirstOrDefault()
            ?? throw new InvalidOperationException(
                $"{entity.ClrType.Name} is scoped through {child.ParentId}, which is no foreign key to a parent row.");
        if (RowRules.ScopeOf(parent) is NoScope or null)
        {
            throw new InvalidOperationException(
                $"{entity.ClrType.Name} is scoped through {parent.ClrType.Name}, which has no data scope of its own.");
        }
        return parent;
    }

    /// <summary>
    /// <c>(db, path) => whole deployment || path in one of the scope's subtrees</c>: a prefix each (<see cref="OrgPath.Pattern"/>,
    /// ADR 0044), or on a context of generic plans the range [root, <see cref="OrgPath.UpperBound"/>) each (ADR 0053).
    /// EF Core answers the null tests before it writes the statement (it keeps one statement per combination of null
    /// parameters): a whole-deployment account's statement has no test, and an account with one subtree sends
    /// <c>path LIKE @p0</c> or <c>path &gt;= @from0 AND path &lt; @until0</c>, the other ranges left out (ADR 0052).
    /// A generic plan reads the range as index bounds, which it cannot do with a parameter's <c>LIKE</c> prefix; a
    /// plan for the values estimates the prefix right and the range at one row.
    /// </summary>
#pragma warning disable CA1309 // string.Compare in a query is SQL's comparison of the path columns (binary collation), never .NET's
    private static readonly Expression<Func<ZerenDbContext, string, bool>> InRanges = (c, path) => EF.Functions.Like(c.ScopeWhole, "%")
        || EF.Functions.Like(path, c.ScopePattern0)
        || EF.Functions.Like(path, c.ScopePattern1)
        || EF.Functions.Like(path, c.ScopePattern2)
        || EF.Functions.Like(path, c.ScopePattern3)
        || (EF.Functions.Like(c.ScopeFrom0, "%") && string.Compare(path, c.ScopeFrom0) >= 0 && string.Compare(path, c.ScopeUntil0) < 0)
        || (EF.Functions.Like(c.ScopeFrom1, "%") && string.Compare(path, c.ScopeFrom1) >= 0 && string.Compare(path, c.ScopeUntil1) < 0)
        || (EF.Functions.Like(c.ScopeFrom2, "%") && string.Compare(path, c.ScopeFrom2) >= 0 && string.Compare(path, c.ScopeUntil2) < 0)
        || (EF.Functions.Like(c.ScopeFrom3, "%") && string.Compare(path, c.ScopeFrom3) >= 0 && string.Compare(path, c.ScopeUntil3) < 0);
#pragma warning restore CA1309

    /// <summary><c>row => row.Path in the scope</c> (<see cref="InRanges"/>), <paramref name="db"/> the filter's context.</summary>
    private static LambdaExpression InScope(IReadOnlyEntityType entity, PathScope tree, Expression db)
    {
        var row = Expression.Parameter(entity.ClrType, "row");
        var body = ReplacingExpressionVisitor.Replace(InRanges.Parameters, [db, Expression.Property(row, tree.Path)], InRanges.Body);
        return Expression.Lambda(body, row);
    }

    /// <summary>
    /// <c>row => path(row) in <paramref name="db"/>'s scope</c>: the tree filter's own test (<see cref="InRanges"/>), in the form
    /// the context plans, for a path column of another table (the audit log's actor paths).
    /// </summary>
    internal static Expression<Func<T, bool>> PathInScope<T>(ZerenDbContext db, Expression<Func<T, string>> path)
    {
        var body = ReplacingExpressionVisitor.Replace(InRanges.Parameters, [Expression.Constant(db), path.Body], InRanges.Body);
        return Expression.Lambda<Func<T, bool>>(body, path.Parameters);
    }

    /// <summary>
    /// <c>row => db.Set&lt;Owner&gt;().Any(o => o.Id == row.OwnerId)</c>, the owner's own filter applying inside; a
    /// nullable owner id gives <c>row => whole deployment || (row.OwnerId != null &amp;&amp; …)</c>.
    /// </summary>
    private static LambdaExpression OwnedBy(IReadOnlyEntityType entity, string ownerIdProperty, IReadOnlyEntityType owner, Expression db)
    {
        var row = Expression.Parameter(entity.ClrType, "row");
        var ownerId = Expression.Property(row, ownerIdProperty);
        var o = Expression.Parameter(owner.ClrType, "o");
        Expression key = Expression.Property(o, owner.FindPrimaryKey()!.Properties.Single().Name);
        if (key.Type != ownerId.Type)
        {
            key = Expression.Convert(key, ownerId.Type);
        }
        var set = Expression.Call(db, SetMethod.MakeGenericMethod(owner.ClrType));
        Expression test = Expression.Call(AnyMethod.MakeGenericMethod(owner.ClrType), set,
            Expression.Quote(Expression.Lambda(Expression.Equal(key, ownerId), o)));
        var keyed = entity.GetForeignKeys().Any(fk => fk.Properties.Count == 1 && fk.Properties[0].Name == ownerIdProperty
            && fk.PrincipalEntityType.ClrType == owner.ClrType);
        var nullable = Nullable.GetUnderlyingType(ownerId.Type) is not null;
        if (nullable || !keyed)
        {
            // A row with no owner yet, or whose owner no foreign key keeps (a region's county), is seen by
            // whole-deployment accounts whatever: the scope's flag must stand beside the test.
            if (nullable)
            {
                test = Expression.AndAlso(Expression.NotEqual(ownerId, Expression.Constant(null, ownerId.Type)), test);
            }
            Expression<Func<ZerenDbContext, bool>> whole = c => EF.Functions.Like(c.ScopeWhole, "%");
            return Expression.Lambda(Expression.OrElse(ReplacingExpressionVisitor.Replace(whole.Parameters[0], db, whole.Body), test), row);
        }
        // A row always has its owner (the foreign key holds), and the owner's own filter already lets a whole-deployment
        // account through: the EXISTS alone says the same, and PostgreSQL makes it a semi-join it can drive from the
        // scope's organizations. Under `@ScopeAll OR EXISTS (…)` it stays a filter tested on every row of the table
        // (a hashed SubPlan): a county's overdue problems in a province read all of them, 135 ms against 12 ms.
        return Expression.Lambda(test, row);
    }
}
