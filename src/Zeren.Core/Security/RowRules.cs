using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Zeren.Core.Security;

/// <summary>
/// 数据范围与写权限的声明. Each capability says, in its own entity configuration, how its rows are scoped and which
/// permission writes them: <c>b.ScopedByOrg(x => x.OrgId).WrittenWith(Permission.PeopleWrite)</c>. From the scope,
/// <see cref="DataScopeFilters"/> builds the query filter; from the write rule, <see cref="WriteGuard"/> checks every
/// save. Building the model refuses an entity that declares either not, naming it (ADR 0014). The mechanism names no
/// capability: like ABP's <c>IMultiTenant</c>, the entity says what it is and the filter is built for it.
/// </summary>
public static class RowRules
{
    private const string ScopeAnnotation = "Zeren:RowScope";
    private const string WriteAnnotation = "Zeren:RowWrite";

    /// <summary>
    /// The rows are the org tree itself: a row is in scope when its materialized path lies in one of the actor's
    /// subtrees (one index range each). A new or changed row's parent must be in scope (a top row: whole-deployment
    /// accounts only), and a changed row itself. One entity of the model is the tree.
    /// </summary>
    public static WriteRuleDeclaration ScopedByPath<T>(this EntityTypeBuilder<T> b, Expression<Func<T, string>> path,
        Expression<Func<T, Guid?>> parent) where T : class =>
        Declare(b, new PathScope(PropertyName(path), PropertyName(parent)));

    /// <summary>
    /// The rows belong to an organization: in scope when their organization is (a semi-join on the tree, answered from
    /// indexes). A write checks that organization, before and after the change. <paramref name="filterName"/> names the
    /// query filter, for a query that lifts this one alone (<c>IgnoreQueryFilters([name])</c>).
    /// </summary>
    public static WriteRuleDeclaration ScopedByOrg<T>(this EntityTypeBuilder<T> b, Expression<Func<T, Guid>> orgId,
        string? filterName = null) where T : class =>
        Declare(b, new OrgScope(PropertyName(orgId), filterName));

    /// <summary>As above, for rows that may have no organization yet: those are seen by whole-deployment accounts only.</summary>
    public static WriteRuleDeclaration ScopedByOrg<T>(this EntityTypeBuilder<T> b, Expression<Func<T, Guid?>> orgId,
        string? filterName = null) where T : class =>
        Declare(b, new OrgScope(PropertyName(orgId), filterName));

    /// <summary>
    /// The rows have no organization of their own: they are in scope when their parent row is, the row that the foreign
    /// key on <paramref name="parentId"/> points to (a meeting's attendees through their meeting). A write checks the
    /// permission only, so the capability changes such rows only together with their parent, whose save the guard checks.
    /// </summary>
    public static WriteRuleDeclaration ScopedThrough<T>(this EntityTypeBuilder<T> b, Expression<Func<T, Guid>> parentId)
        where T : class =>
        Declare(b, new ParentScope(PropertyName(parentId)));

    /// <summary>The rows are the same for every account (configuration, the app's own records): no filter, and why.</summary>
    public static WriteRuleDeclaration Unscoped<T>(this EntityTypeBuilder<T> b, string reason) where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return Declare(b, new NoScope(reason));
    }

    /// <summary>
    /// A second filter beside the scope, for rows that some accounts in scope must not see either (a secret inspection
    /// plan before its visit): a row is seen only when <paramref name="visible"/> holds. The rule reads the context for
    /// what it needs of the actor and the day (<c>db.Today</c>, <c>db.ActorAccountId</c>, <c>db.ActorMay(…)</c>), so every
    /// query of every capability is filtered by it, exports and counts included; a row it hides is not found, like a row
    /// out of scope. Rows scoped through such a row are hidden with it. Lifting it takes its name (<paramref name="name"/>).
    /// </summary>
    public static void VisibleOnlyWhen<T>(this EntityTypeBuilder<T> b, string name, Expression<Func<Data.ZerenDbContext, T, bool>> visible)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(visible);
        b.HasAnnotation(VisibilityAnnotation, new VisibilityRule(name, visible));
    }

    private const string VisibilityAnnotation = "Zeren:RowVisibility";

    internal static VisibilityRule? VisibilityOf(IReadOnlyEntityType entity) => entity.FindAnnotation(VisibilityAnnotation)?.Value as VisibilityRule;

    private static WriteRuleDeclaration Declare<T>(EntityTypeBuilder<T> b, RowScope scope) where T : class
    {
        ArgumentNullException.ThrowIfNull(b);
        b.HasAnnotation(ScopeAnnotation, scope);
        return new WriteRuleDeclaration(b.Metadata);
    }

    private static string PropertyName(LambdaExpression selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var body = selector.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : selector.Body;
        return body is MemberExpression { Member: System.Reflection.PropertyInfo property } member && member.Expression == selector.Parameters[0]
            ? property.Name
            : throw new ArgumentException($"Expected a property of the row, like x => x.OrgId; got {selector}.", nameof(selector));
    }

    internal static RowScope? ScopeOf(IReadOnlyEntityType entity) => entity.FindAnnotation(ScopeAnnotation)?.Value as RowScope;

    internal static WriteRule? WriteOf(IReadOnlyEntityType entity) => entity.FindAnnotation(WriteAnnotation)?.Value as WriteRule;

    internal static void SetWrite(IMutableEntityType entity, WriteRule rule) => entity.SetAnnotation(WriteAnnotation, rule);
}

/// <summary>The second half of a declaration: which permission writes the rows.</summary>
public sealed class WriteRuleDeclaration
{
    private readonly IMutableEntityType entity;

    internal WriteRuleDeclaration(IMutableEntityType entity) => this.entity = entity;

    /// <summary>Adding, changing or deleting a row needs this permission (and, as its scope says, an organization in scope).</summary>
    public void WrittenWith(Permission permission) => RowRules.SetWrite(entity, new WriteRule(permission, null));

    /// <summary>The guard lets every save of these rows through: say where they are guarded instead.</summary>
    public void GuardedElsewhere(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        RowRules.SetWrite(entity, new WriteRule(null, reason));
    }
}

/// <summary>How an entity's rows are scoped, as declared through <see cref="RowRules"/>.</summary>
internal abstract record RowScope;

internal sealed record PathScope(string Path, string Parent) : RowScope;

internal sealed record OrgScope(string OrgId, string? FilterName) : RowScope;

internal sealed record ParentScope(string ParentId) : RowScope;

internal sealed record NoScope(string Reason) : RowScope;

/// <summary>A visibility rule beside the scope (<see cref="RowRules.VisibleOnlyWhen"/>): its filter name and the rule over the context and the row.</summary>
internal sealed record VisibilityRule(string Name, LambdaExpression Visible);

/// <summary>The permission that writes an entity's rows; none (with the reason) when they are guarded elsewhere.</summary>
internal sealed record WriteRule(Permission? Permission, string? Reason);
