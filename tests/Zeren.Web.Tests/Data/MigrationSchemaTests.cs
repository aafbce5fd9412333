using System.Data.Common;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Zeren.Core.Data;
using Zeren.Web.Tests.Infrastructure;

namespace Zeren.Web.Tests.Data;

/// <summary>
/// Migrations are written by hand, so this is what keeps them honest: a database built by the migrations
/// must have exactly the schema that the model would create (tables, columns and their types, nullability,
/// collations, indexes, foreign keys), on each database.
/// </summary>
public class MigrationSchemaTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Migrate_BuildsTheSameSchemaAsTheModel(string provider)
    {
        var migrated = TestDb.Create(provider);
        await using (var db = migrated.Context())
        {
            await db.Database.MigrateAsync();
        }
        var modelled = TestDb.Create(provider);
        await using (var db = modelled.Context())
        {
            await db.Database.EnsureCreatedAsync();
        }

        var fromMigrations = await SchemaOf(migrated);
        var fromModel = await SchemaOf(modelled);

        fromModel.Should().NotBeEmpty();
        fromModel.Except(fromMigrations).Should().BeEmpty("the model has these and the migrations do not");
        fromMigrations.Except(fromModel).Should().BeEmpty("the migrations have these and the model does not");
        fromMigrations.Should().Equal(fromModel);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task Migrate_WhenRunTwice_ChangesNothing(string provider)
    {
        var target = TestDb.Create(provider);
        await using var db = target.Context();
        await db.Database.MigrateAsync();
        var before = await SchemaOf(target);
        await db.Database.MigrateAsync();
        (await db.Database.GetPendingMigrationsAsync()).Should().BeEmpty();
        (await SchemaOf(target)).Should().Equal(before);
    }

    private static async Task<List<string>> SchemaOf(TestDb target)
    {
        await using var db = target.Context();
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        var sql = target.Target.Provider == DatabaseProvider.PostgreSql
            ? """
              SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '')
                     || CASE WHEN is_nullable = 'YES' THEN ' null' ELSE ' not null' END || coalesce(' collate ' || collation_name, '')
                     || coalesce(' default ' || column_default, '')
                FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_%'
              UNION ALL
              SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '\_\_%'
              UNION ALL
              SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
                FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE '\_\_%'
              """
            : """
              SELECT 'column ' || m.name || '.' || c.name || ' ' || c.type || CASE WHEN c."notnull" THEN ' not null' ELSE ' null' END
                     || ' pk' || c.pk || coalesce(' default ' || c.dflt_value, '')
                FROM sqlite_master m JOIN pragma_table_info(m.name) c
               WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name NOT LIKE '\_\_%' ESCAPE '\'
              UNION ALL
              SELECT 'index ' || m.name || '.' || i.name || ' unique=' || i."unique" || ' origin=' || i.origin || ' partial=' || i."partial" || ' ('
                     || (SELECT group_concat(ii.name, ',') FROM pragma_index_info(i.name) ii) || ')'
                FROM sqlite_master m JOIN pragma_index_list(m.name) i
               WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name NOT LIKE '\_\_%' ESCAPE '\'
              UNION ALL
              SELECT 'fk ' || m.name || '.' || f."from" || ' -> ' || f."table" || '.' || f."to" || ' on delete ' || f.on_delete
                FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
               WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name NOT LIKE '\_\_%' ESCAPE '\'
              """;
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        var rows = new List<string>();
        await using DbDataReader reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
