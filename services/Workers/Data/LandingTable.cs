using NpgsqlTypes;

namespace Connectors.Workers.Data;

/// <summary>
/// A column a syncer fills, with the type binary COPY writes it as. A <paramref name="KeepWhenNull"/> column keeps
/// its stored value when a record arrives without one (a QuickBooks deletion stub carries only id and times).
/// </summary>
public sealed record LandingColumn(string Name, NpgsqlDbType Type, bool KeepWhenNull = false);

/// <summary>
/// A table in the <c>data</c> schema that records land in. Every table starts with <c>project_id</c> and ends with
/// <c>sync_id, synced_at</c>; a syncer supplies the key columns and then the value columns, in order.
/// </summary>
public sealed class LandingTable
{
    private static readonly LandingColumn ProjectId = new("project_id", NpgsqlDbType.Uuid);
    private static readonly LandingColumn SyncId = new("sync_id", NpgsqlDbType.Text);
    private static readonly LandingColumn SyncedAt = new("synced_at", NpgsqlDbType.TimestampTz);

    // Qualified, so that no table of the same name in the search path can be meant.
    private const string Stage = "pg_temp.landing_stage";

    public LandingTable(string name, IReadOnlyList<LandingColumn> keys, IReadOnlyList<LandingColumn> values)
    {
        Name = name;
        Keys = keys;
        Values = values;
        Columns = [ProjectId, .. keys, .. values, SyncId, SyncedAt];
        var all = string.Join(", ", Columns.Select(column => column.Name));
        var key = string.Join(", ", new[] { ProjectId }.Concat(keys).Select(column => column.Name));
        CreateStageSql = $"""
            DROP TABLE IF EXISTS {Stage};
            CREATE TEMP TABLE landing_stage (LIKE {QualifiedName}) ON COMMIT DELETE ROWS
            """;
        CopySql = $"COPY {Stage} ({all}) FROM STDIN (FORMAT BINARY)";

        // The last staged row of a key wins: ctid follows the order of the COPY into the freshly emptied stage.
        UpsertSql = $"""
            WITH written AS (
                INSERT INTO {QualifiedName} AS t ({all})
                SELECT DISTINCT ON ({key}) {all} FROM {Stage} ORDER BY {key}, ctid DESC
                ON CONFLICT ({key}) DO UPDATE SET {Assignments(values)}, sync_id = EXCLUDED.sync_id,
                    synced_at = EXCLUDED.synced_at
                WHERE ({Current(values)}) IS DISTINCT FROM ({Incoming(values)})
                RETURNING (xmax = 0) AS inserted)
            SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
            FROM written
            """;
    }

    /// <summary>The table's name without schema, e.g. <c>stripe_charges</c>.</summary>
    public string Name { get; }

    public string QualifiedName => $"{WorkersDatabase.Schema}.{Name}";

    /// <summary>The natural key after <c>project_id</c>.</summary>
    public IReadOnlyList<LandingColumn> Keys { get; }

    /// <summary>The columns that may change; a row is updated only when one of them did.</summary>
    public IReadOnlyList<LandingColumn> Values { get; }

    internal IReadOnlyList<LandingColumn> Columns { get; }

    /// <summary>Creates the session's stage table, replacing one left on the connection.</summary>
    internal string CreateStageSql { get; }

    internal string CopySql { get; }

    /// <summary>Moves the staged batch into the table; answers the rows inserted and the rows updated.</summary>
    internal string UpsertSql { get; }

    private static string Assignments(IEnumerable<LandingColumn> columns) =>
        string.Join(", ", columns.Select(column => $"{column.Name} = {IncomingValue(column)}"));

    private static string Current(IEnumerable<LandingColumn> columns) =>
        string.Join(", ", columns.Select(column => $"t.{column.Name}"));

    private static string Incoming(IEnumerable<LandingColumn> columns) =>
        string.Join(", ", columns.Select(IncomingValue));

    private static string IncomingValue(LandingColumn column) => column.KeepWhenNull
        ? $"COALESCE(EXCLUDED.{column.Name}, t.{column.Name})"
        : $"EXCLUDED.{column.Name}";
}
