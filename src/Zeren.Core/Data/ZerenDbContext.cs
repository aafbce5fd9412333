using Microsoft.EntityFrameworkCore;

namespace Zeren.Core.Data;

/// <summary>
/// The one DbContext. It names no capability: each capability keeps its entity configurations in its
/// own folder and reaches its tables with <c>Set&lt;T&gt;()</c>.
/// </summary>
public class ZerenDbContext(DbContextOptions<ZerenDbContext> options) : DbContext(options)
{
    /// <summary>Collation that makes string order byte order on PostgreSQL, for materialized-path ranges.</summary>
    public const string PostgresBinaryCollation = "C";

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ZerenDbContext).Assembly);
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(t => t.GetProperties()))
        {
            property.SetColumnName(SnakeCase(property.Name));
        }
        if (IsPostgres)
        {
            foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(t => t.GetProperties()))
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
