using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Security;

namespace Zeren.Core.Data;

/// <summary>
/// The one DbContext. It names no capability: each capability keeps its entity configurations in its
/// own folder and reaches its tables with <c>Set&lt;T&gt;()</c>. Accounts are ASP.NET Core Identity's tables.
/// Every query sees only the current actor's data scope (<see cref="DataScopeFilters"/>), as each entity declares it
/// (<see cref="RowRules"/>).
/// </summary>
public class ZerenDbContext(DbContextOptions<ZerenDbContext> options, ActorAccessor? actor = null, TimeProvider? clock = null)
    : IdentityDbContext<Account, IdentityRole<Guid>, Guid>(options)
{
    /// <summary>The scope every query of this context is filtered by. Without an actor (tests of Core, tools): everything.</summary>
    public DataScope Scope => actor?.Current.Scope ?? DataScope.Everything;

    // Read by the query filters at each query, so one context per request filters for that request's actor.
    internal bool ScopeAll => Scope.All;

    /// <summary>
    /// <c>""</c> for a whole-deployment scope, null for any other. The filters test it, and each range's start, with
    /// <c>LIKE '%'</c>: EF Core answers a null's test before it writes the statement (false: the test and what it guards
    /// are left out), where it would send <c>== null</c> along as a parameter. So an account's statement holds its
    /// subtrees and no flag, and a whole-deployment account's no test of the tree at all (ADR 0053).
    /// </summary>
    internal string? ScopeWhole => Scope.All ? string.Empty : null;

    // A subtree is a LIKE prefix, planned for its value at each statement (ADR 0044), or on a context of generic plans
    // a range of paths (ADR 0053); the other form's parameters are null, and EF Core leaves their tests out.
    internal string? ScopePattern0 => GenericPlans ? null : Scope.Pattern(0);
    internal string? ScopePattern1 => GenericPlans ? null : Scope.Pattern(1);
    internal string? ScopePattern2 => GenericPlans ? null : Scope.Pattern(2);
    internal string? ScopePattern3 => GenericPlans ? null : Scope.Pattern(3);
    internal string? ScopeFrom0 => GenericPlans ? Scope.From(0) : null;
    internal string? ScopeUntil0 => GenericPlans ? Scope.Until(0) : null;
    internal string? ScopeFrom1 => GenericPlans ? Scope.From(1) : null;
    internal string? ScopeUntil1 => GenericPlans ? Scope.Until(1) : null;
    internal string? ScopeFrom2 => GenericPlans ? Scope.From(2) : null;
    internal string? ScopeUntil2 => GenericPlans ? Scope.Until(2) : null;
    internal string? ScopeFrom3 => GenericPlans ? Scope.From(3) : null;
    internal string? ScopeUntil3 => GenericPlans ? Scope.Until(3) : null;

    /// <summary>
    /// Whether this context's statements are planned once per connection, for any value (ADR 0053): subtrees are then
    /// ranges of paths, which such a plan reads as index bounds and estimates at a fixed share of the table. Set for an
    /// account whose subtrees are small (<see cref="UseGenericPlansAsync"/>); a province's or a city's account, and the
    /// app itself, keep statements planned for their values, with subtrees as LIKE prefixes.
    /// </summary>
    public bool GenericPlans { get; private set; }

    /// <summary>
    /// From here on, plan this context's statements once per connection: on PostgreSQL its connection moves to the pool
    /// whose sessions prepare what they run again and plan it generically (<see cref="DatabaseTarget.ForGenericPlans"/>),
    /// and its subtrees are written as ranges. Called before the request's own statements, never inside a transaction.
    /// </summary>
    public async Task UseGenericPlansAsync(CancellationToken ct = default)
    {
        if (GenericPlans)
        {
            return;
        }
        if (Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("A context moves to generic plans before its statements, not inside a transaction.");
        }
        if (IsPostgres)
        {
            var open = Database.GetDbConnection().State == System.Data.ConnectionState.Open;
            if (open)
            {
                await Database.CloseConnectionAsync();
            }
            Database.SetConnectionString(DatabaseTarget.ForGenericPlans(Database.GetConnectionString()!));
            if (open)
            {
                await Database.OpenConnectionAsync(ct);
            }
        }
        GenericPlans = true;
    }

    // Read by visibility rules (RowRules.VisibleOnlyWhen) at each query: the actor's account, what it may do, the China day.
    public Guid ActorAccountId => actor?.Current.AccountId ?? Guid.Empty;

    public bool ActorMay(Permission permission) => actor?.Current.Has(permission) ?? true;

    public DateOnly Today => Platform.ChinaTime.Today(clock ?? TimeProvider.System);

    /// <summary>
    /// The actor's organization and those above it (the ids of its materialized path), for visibility rules of rows that
    /// an organization's line reads (a published standard held above it). Empty without an organization.
    /// </summary>
    public Guid[] ActorOrgLine => actor?.Current.OrgPath is { } path
        ? [.. path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => Guid.TryParseExact(s, "N", out var id) ? id : Guid.Empty)]
        : [];

    /// <summary>Collation that makes string order byte order on PostgreSQL, for materialized-path ranges.</summary>
    public const string PostgresBinaryCollation = "C";

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>
    /// Set by a loader that writes many source rows in batches and rebuilds the derived rows once at the end
    /// (<see cref="IDerivedRows"/>; for meetings, <c>MeetingSummaries.RebuildAsync</c>) inside its own transaction.
    /// </summary>
    public bool DeferDerivedRows { get; set; }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (!IsPostgres)
        {
            // On SQLite every save takes the write lock first (a transaction: Microsoft.Data.Sqlite begins it IMMEDIATE,
            // waiting its timeout for the lock). A lone UPDATE without one reads, then asks for the write lock, and when
            // another connection is committing SQLite answers "database is locked" at once instead of waiting (it
            // would deadlock): a sign-out or a token refresh answered 500 while other requests wrote.
            Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        }
        var derived = await CheckBeforeSaveAsync(cancellationToken);
        if (derived is null)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        // The rows and what is derived from them are written together or not at all.
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            foreach (var (rows, touched) in derived)
            {
                await rows.RefreshAsync(this, touched, cancellationToken);
            }
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }
            return saved;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// What every save runs before writing (and <see cref="BulkInsert"/> too): the write guard, the stored-value checks
    /// (which normalize text in place), and which derived rows the changes touch, if any.
    /// </summary>
    internal async Task<List<(IDerivedRows Rows, object Touched)>?> CheckBeforeSaveAsync(CancellationToken cancellationToken)
    {
        await WriteGuard.CheckAsync(this, actor?.Current ?? Actor.System, cancellationToken);
        StoredValues.Check(ChangeTracker);
        List<(IDerivedRows Rows, object Touched)>? derived = null;
        if (!DeferDerivedRows)
        {
            foreach (var rows in Data.DerivedRows.All)
            {
                if (await rows.TouchedAsync(this, cancellationToken) is { } touched)
                {
                    (derived ??= []).Add((rows, touched));
                }
            }
        }
        return derived;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess, CancellationToken.None).GetAwaiter().GetResult();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        AccountTables.Configure(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ZerenDbContext).Assembly);
        DataScopeFilters.Apply(builder, this);
        foreach (var property in builder.Model.GetEntityTypes().SelectMany(t => t.GetProperties()))
        {
            property.SetColumnName(SnakeCase(property.Name));
        }
        if (IsPostgres)
        {
            foreach (var property in builder.Model.GetEntityTypes().SelectMany(t => t.GetProperties()))
            {
                if (property.FindAnnotation(BinaryCollationAnnotation) is not null)
                {
                    property.SetCollation(PostgresBinaryCollation);
                }
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: the database stays readable for exports and reports.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
        // Every entity declares its data scope and write rule (RowRules); the model is refused otherwise.
        configurationBuilder.Conventions.Add(_ => new RowRulesConvention());
    }

    /// <summary>Column names are snake_case, the PostgreSQL habit, on both databases.</summary>
    public static string SnakeCase(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    sb.Append('_');
                }
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    internal const string BinaryCollationAnnotation = "Zeren:BinaryCollation";
}

public static class ModelBuilderExtensions
{
    /// <summary>Marks a string column whose ordering must be byte order (materialized paths).</summary>
    public static Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<string> HasBinaryCollation(
        this Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<string> builder) =>
        builder.HasAnnotation(ZerenDbContext.BinaryCollationAnnotation, true);
}
