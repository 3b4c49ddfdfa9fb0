using Bridge.Relay.Persistence;
using Bridge.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Bridge.IntegrationTests.Persistence;

/// <summary>
/// The schema is written by hand, so this test is what keeps it and the EF model in step: every table,
/// column (type and nullability), key, index and foreign key of the model must exist in the migrated
/// database, and the database must have no column the model lacks.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SchemaMatchesModelTests : IClassFixture<DatabaseFixture>
{
    private readonly DatabaseFixture _db;

    public SchemaMatchesModelTests(DatabaseFixture db) => _db = db;

    [Fact]
    public async Task AppliedSchema_MatchesEfModel()
    {
        var ct = TestContext.Current.CancellationToken;
        var model = ModelColumns(out var tables, out var indexes, out var foreignKeys);
        var actual = new HashSet<string>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(_db.ConnectionString);
        await connection.OpenAsync(ct);
        await using (var cmd = new NpgsqlCommand(
            """
            SELECT c.table_name, c.column_name, format_type(a.atttypid, a.atttypmod), c.is_nullable
            FROM information_schema.columns c
            JOIN pg_attribute a ON a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass AND a.attname = c.column_name
            WHERE c.table_schema = 'public' AND c.table_name <> 'bridge_schema_history'
            """, connection))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                actual.Add($"{reader.GetString(0)}.{reader.GetString(1)} {reader.GetString(2)} {(reader.GetString(3) == "YES" ? "null" : "not null")}");
            }
        }

        actual.Except(model).Order(StringComparer.Ordinal).ToList().ShouldBeEmpty("columns in the database that the EF model does not have (or with another type)");
        model.Except(actual).Order(StringComparer.Ordinal).ToList().ShouldBeEmpty("columns in the EF model that the database does not have (or with another type)");

        var dbIndexes = await NamesAsync(connection, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'", ct);
        indexes.Except(dbIndexes).ToList().ShouldBeEmpty("indexes and keys of the EF model missing in the database");
        var dbForeignKeys = await NamesAsync(connection, "SELECT conname FROM pg_constraint WHERE contype = 'f'", ct);
        foreignKeys.Except(dbForeignKeys).ToList().ShouldBeEmpty("foreign keys of the EF model missing in the database");
        var dbTables = await NamesAsync(connection, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'bridge_schema_history'", ct);
        dbTables.Order(StringComparer.Ordinal).ShouldBe(tables.Order(StringComparer.Ordinal));
    }

    private static HashSet<string> ModelColumns(out HashSet<string> tables, out HashSet<string> indexes, out HashSet<string> foreignKeys)
    {
        using var context = new BridgeDbContext(new DbContextOptionsBuilder<BridgeDbContext>().UseNpgsql("Host=unused").Options);
        var columns = new HashSet<string>(StringComparer.Ordinal);
        tables = new HashSet<string>(StringComparer.Ordinal);
        indexes = new HashSet<string>(StringComparer.Ordinal);
        foreignKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in context.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            tables.Add(table);
            var id = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var p in entity.GetProperties())
            {
                columns.Add($"{table}.{p.GetColumnName(id)} {p.GetColumnType()} {(p.IsColumnNullable(id) ? "null" : "not null")}");
            }

            indexes.Add(entity.FindPrimaryKey()!.GetName()!);
            foreach (var index in entity.GetIndexes())
            {
                indexes.Add(index.GetDatabaseName()!);
            }

            foreach (var fk in entity.GetForeignKeys())
            {
                foreignKeys.Add(fk.GetConstraintName()!);
            }
        }

        return columns;
    }

    private static async Task<HashSet<string>> NamesAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await using var cmd = new NpgsqlCommand(sql, connection);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
