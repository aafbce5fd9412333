using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;

namespace Zeren.Core.Security;

/// <summary>
/// Runs on the finished model (every configuration applied, types discovered and dropped by convention): an entity
/// that does not say how its rows are scoped and which permission writes them stops the start, with its name and what
/// to write (<see cref="RowRules"/>, ADR 0014).
/// </summary>
internal sealed class RowRulesConvention : IModelFinalizedConvention
{
    public IModel ProcessModelFinalized(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        // Owned types live in their owner's rows: the owner's declaration is theirs.
        foreach (var entity in model.GetEntityTypes().Where(e => !e.IsOwned()))
        {
            var name = entity.ClrType.Name;
            var scope = RowRules.ScopeOf(entity);
            if (scope is null)
            {
                throw new InvalidOperationException(
                    $"The entity {name} declares no data scope. Declare in its configuration how its rows are scoped: "
                    + "ScopedByOrg(x => x.OrgId), ScopedThrough(x => x.ParentId) or Unscoped(\"why\") (RowRules, ADR 0014).");
            }
            if (RowRules.WriteOf(entity) is null)
            {
                throw new InvalidOperationException(
                    $"The entity {name} declares no write rule. Follow its scope declaration with WrittenWith(Permission.…) "
                    + "or GuardedElsewhere(\"where\") (RowRules, ADR 0014).");
            }
            if (scope is not NoScope && entity.GetDeclaredQueryFilters().Count == 0)
            {
                throw new InvalidOperationException(
                    $"The entity {name} declares a data scope, but was added to the model after the scope filters were built.");
            }
        }
        return model;
    }
}
