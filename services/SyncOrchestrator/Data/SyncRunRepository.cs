using System.Text.Json;
using Connectors.Contracts;
using Connectors.SyncOrchestrator.Runs;
using Dapper;
using Npgsql;

namespace Connectors.SyncOrchestrator.Data;

internal sealed class SyncRunRepository(NpgsqlDataSource dataSource) : ISyncRunRepository
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    private const string LockProject = "SELECT pg_advisory_xact_lock(hashtext('sync-run:' || @ProjectId::text))";

    public async Task LockProjectAsync(
        NpgsqlTransaction transaction,
        Guid projectId,
        CancellationToken cancellationToken) =>
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            LockProject, new { ProjectId = projectId }, transaction, cancellationToken: cancellationToken));

    // In one order, so two callers locking overlapping sets cannot wait on each other.
    private const string LockProjects = """
        SELECT pg_advisory_xact_lock(hashtext('sync-run:' || project_id::text))
        FROM unnest(@ProjectIds::uuid[]) AS project_id ORDER BY project_id
        """;

    public async Task LockProjectsAsync(
        NpgsqlTransaction transaction,
        IReadOnlyCollection<Guid> projectIds,
        CancellationToken cancellationToken) =>
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            LockProjects,
            new { ProjectIds = projectIds.ToArray() },
            transaction,
            cancellationToken: cancellationToken));

    private const string ListActiveOfProjects = """
        SELECT DISTINCT r.project_id AS ProjectId, c.type AS Type
        FROM sync.sync_run_connectors c JOIN sync.sync_runs r ON r.id = c.sync_id
        WHERE c.state IN ('queued', 'running') AND r.project_id = ANY(@ProjectIds)
        """;

    public async Task<IReadOnlyList<ActiveProjectConnector>> ListActiveAsync(
        NpgsqlTransaction transaction,
        IReadOnlyCollection<Guid> projectIds,
        CancellationToken cancellationToken) =>
        [.. await transaction.Connection!.QueryAsync<ActiveProjectConnector>(new CommandDefinition(
            ListActiveOfProjects,
            new { ProjectIds = projectIds.ToArray() },
            transaction,
            cancellationToken: cancellationToken))];

    private const string InsertRuns = """
        INSERT INTO sync.sync_runs (id, project_id, trigger, requested_at)
        SELECT id, project_id, @Trigger, requested_at
        FROM unnest(@Ids::text[], @ProjectIds::uuid[], @RequestedAts::timestamptz[])
            AS run (id, project_id, requested_at);
        INSERT INTO sync.sync_run_connectors (sync_id, type, state)
        SELECT sync_id, type, 'queued'
        FROM unnest(@ConnectorSyncIds::text[], @ConnectorTypes::text[]) AS c (sync_id, type);
        """;

    public async Task InsertManyAsync(
        NpgsqlTransaction transaction,
        IReadOnlyCollection<NewSyncRun> runs,
        CancellationToken cancellationToken)
    {
        if (runs.Count == 0)
        {
            return;
        }

        var trigger = runs.Select(run => run.Trigger).Distinct().Single();
        var rows = new
        {
            Trigger = ConnectorStates.Of(trigger),
            Ids = runs.Select(run => run.Id).ToArray(),
            ProjectIds = runs.Select(run => run.ProjectId).ToArray(),
            RequestedAts = runs.Select(run => run.RequestedAt.UtcDateTime).ToArray(),
            ConnectorSyncIds = runs.SelectMany(run => run.Types.Select(_ => run.Id)).ToArray(),
            ConnectorTypes = runs.SelectMany(run => run.Types).ToArray(),
        };
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            InsertRuns, rows, transaction, cancellationToken: cancellationToken));
    }

    private const string FindByKey = """
        SELECT r.id AS SyncId, c.type AS Type
        FROM sync.sync_runs r JOIN sync.sync_run_connectors c ON c.sync_id = r.id
        WHERE r.project_id = @ProjectId AND r.idempotency_key = @Key
        ORDER BY c.type
        """;

    public async Task<StartedRun?> FindByIdempotencyKeyAsync(
        NpgsqlTransaction? transaction,
        Guid projectId,
        string key,
        CancellationToken cancellationToken)
    {
        var connection = transaction?.Connection;
        await using var owned = connection is null ? await dataSource.OpenConnectionAsync(cancellationToken) : null;
        var rows = (await (connection ?? owned!).QueryAsync<(string SyncId, string Type)>(new CommandDefinition(
            FindByKey, new { ProjectId = projectId, Key = key }, transaction, cancellationToken: cancellationToken)))
            .ToList();
        return rows.Count == 0 ? null : new StartedRun(rows[0].SyncId, [.. rows.Select(row => row.Type)], false);
    }

    private const string ListActive = """
        SELECT c.sync_id AS SyncId, c.type AS Type, r.requested_at AS RequestedAt
        FROM sync.sync_run_connectors c JOIN sync.sync_runs r ON r.id = c.sync_id
        WHERE r.project_id = @ProjectId AND c.state IN ('queued', 'running')
        ORDER BY r.requested_at DESC, c.sync_id DESC
        """;

    public async Task<IReadOnlyList<ActiveConnector>> ListActiveAsync(
        NpgsqlTransaction transaction,
        Guid projectId,
        CancellationToken cancellationToken) =>
        [.. await transaction.Connection!.QueryAsync<ActiveConnector>(new CommandDefinition(
            ListActive, new { ProjectId = projectId }, transaction, cancellationToken: cancellationToken))];

    private const string GetTypes = "SELECT type FROM sync.sync_run_connectors WHERE sync_id = @SyncId ORDER BY type";

    public async Task<IReadOnlyList<string>> GetTypesAsync(
        NpgsqlTransaction transaction,
        string syncId,
        CancellationToken cancellationToken) =>
        [.. await transaction.Connection!.QueryAsync<string>(new CommandDefinition(
            GetTypes, new { SyncId = syncId }, transaction, cancellationToken: cancellationToken))];

    private const string InsertRun = """
        INSERT INTO sync.sync_runs (id, project_id, trigger, requested_at, idempotency_key)
        VALUES (@Id, @ProjectId, @Trigger, @RequestedAt, @IdempotencyKey);
        INSERT INTO sync.sync_run_connectors (sync_id, type, state)
        SELECT @Id, type, 'queued' FROM unnest(@Types) AS type;
        """;

    public async Task InsertAsync(NpgsqlTransaction transaction, NewSyncRun run, CancellationToken cancellationToken)
    {
        var row = new
        {
            run.Id,
            run.ProjectId,
            Trigger = ConnectorStates.Of(run.Trigger),
            RequestedAt = run.RequestedAt.ToUniversalTime(),
            run.IdempotencyKey,
            Types = run.Types.ToArray(),
        };
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            InsertRun, row, transaction, cancellationToken: cancellationToken));
    }

    // A queued connector starts; a running one is taken over by a later attempt (its worker died). A start of an
    // attempt that already failed, arriving late, neither revives a connector waiting for its next attempt nor
    // overtakes a newer one.
    private const string MarkRunning = """
        UPDATE sync.sync_run_connectors c
        SET state = 'running', started_at = COALESCE(c.started_at, @StartedAt), attempt = @Attempt
        FROM sync.sync_runs r
        WHERE r.id = c.sync_id AND r.project_id = @ProjectId
          AND c.sync_id = @SyncId AND c.type = @Type AND c.attempt <= @Attempt AND c.next_attempt_at IS NULL
          AND (c.state = 'queued' OR (c.state = 'running' AND c.attempt < @Attempt))
        """;

    public async Task<bool> MarkRunningAsync(
        NpgsqlTransaction transaction,
        SyncStarted started,
        CancellationToken cancellationToken)
    {
        var row = new
        {
            started.SyncId,
            started.ProjectId,
            started.Type,
            StartedAt = started.StartedAt.ToUniversalTime(),
            started.Attempt,
        };
        return await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            MarkRunning, row, transaction, cancellationToken: cancellationToken)) == 1;
    }

    // Only an active row takes a report, and only one made after the stored one: a late or redelivered report never
    // moves a finished row or puts older counts back.
    private const string RecordProgress = """
        UPDATE sync.sync_run_connectors c
        SET state = 'running', started_at = COALESCE(c.started_at, @At), current_stream = @Stream,
            progress = @Records::jsonb, progressed_at = @At
        FROM sync.sync_runs r
        WHERE r.id = c.sync_id AND r.project_id = @ProjectId
          AND c.sync_id = @SyncId AND c.type = @Type AND c.state IN ('queued', 'running')
          AND c.next_attempt_at IS NULL AND (c.progressed_at IS NULL OR c.progressed_at < @At)
        """;

    public async Task<bool> RecordProgressAsync(
        NpgsqlTransaction transaction,
        ConnectorProgress progress,
        CancellationToken cancellationToken)
    {
        var row = progress with { At = progress.At.ToUniversalTime() };
        return await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            RecordProgress, row, transaction, cancellationToken: cancellationToken)) == 1;
    }

    // Only an active row changes: a completion that overtook its start still ends the row, and a late start
    // or a second completion never moves a finished row again.
    private const string MarkFinished = """
        UPDATE sync.sync_run_connectors c
        SET state = @State, streams = @Streams::jsonb, error_class = @ErrorClass, error_message = @ErrorMessage,
            started_at = COALESCE(c.started_at, @StartedAt), finished_at = @FinishedAt,
            next_attempt_at = NULL, waiting_reason = NULL
        FROM sync.sync_runs r
        WHERE r.id = c.sync_id AND r.project_id = @ProjectId
          AND c.sync_id = @SyncId AND c.type = @Type AND c.state IN ('queued', 'running')
        """;

    public async Task<bool> MarkFinishedAsync(
        NpgsqlTransaction transaction,
        ConnectorOutcome outcome,
        CancellationToken cancellationToken)
    {
        var row = outcome with
        {
            StartedAt = outcome.StartedAt.ToUniversalTime(),
            FinishedAt = outcome.FinishedAt.ToUniversalTime(),
        };
        return await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            MarkFinished, row, transaction, cancellationToken: cancellationToken)) == 1;
    }

    private const string SelectRuns = """
        SELECT r.id AS SyncId, r.trigger AS Trigger, r.requested_at AS RequestedAt, c.type AS Type,
               c.state AS State, c.streams::text AS Streams, c.error_class AS ErrorClass,
               c.error_message AS ErrorMessage, c.started_at AS StartedAt, c.finished_at AS FinishedAt,
               c.current_stream AS CurrentStream, c.progress::text AS Progress, c.attempt AS Attempt,
               c.next_attempt_at AS NextAttemptAt, c.waiting_reason AS WaitingReason
        FROM ({0}) r JOIN sync.sync_run_connectors c ON c.sync_id = r.id
        ORDER BY r.requested_at DESC, r.id DESC, c.type
        """;

    private const string OneRun = "SELECT * FROM sync.sync_runs WHERE project_id = @ProjectId AND id = @SyncId";

    public async Task<SyncRunView?> GetAsync(Guid projectId, string syncId, CancellationToken cancellationToken)
    {
        var runs = await QueryRunsAsync(OneRun, new { ProjectId = projectId, SyncId = syncId }, cancellationToken);
        return runs.SingleOrDefault();
    }

    private const string RecentRuns = """
        SELECT * FROM sync.sync_runs WHERE project_id = @ProjectId
        ORDER BY requested_at DESC, id DESC LIMIT @Limit
        """;

    public Task<IReadOnlyList<SyncRunView>> ListRecentAsync(
        Guid projectId,
        int limit,
        CancellationToken cancellationToken) =>
        QueryRunsAsync(RecentRuns, new { ProjectId = projectId, Limit = limit }, cancellationToken);

    private async Task<IReadOnlyList<SyncRunView>> QueryRunsAsync(
        string runs,
        object parameters,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<RunConnectorRow>(new CommandDefinition(
            string.Format(SelectRuns, runs), parameters, cancellationToken: cancellationToken))).ToList();
        var attempts = (await SyncAttemptRepository.ListAsync(
                connection, [.. rows.Select(row => row.SyncId).Distinct()], cancellationToken))
            .ToLookup(attempt => (attempt.SyncId, attempt.Type));
        return [.. rows.GroupBy(row => row.SyncId).Select(run => ToView(run, attempts))];
    }

    private static SyncRunView ToView(
        IGrouping<string, RunConnectorRow> rows,
        ILookup<(string, string), SyncAttemptRepository.AttemptRow> attempts)
    {
        var first = rows.First();
        return SyncRunView.Create(
            first.SyncId,
            first.Trigger,
            Utc(first.RequestedAt),
            [.. rows.Select(row => ToView(row, attempts[(row.SyncId, row.Type)]))]);
    }

    private static AttemptView ToView(SyncAttemptRepository.AttemptRow attempt) => new(
        attempt.Attempt,
        attempt.Outcome ?? ConnectorStates.Running,
        Utc(attempt.StartedAt),
        Utc(attempt.EndedAt),
        attempt.ErrorClass is null ? null : new SyncErrorView(attempt.ErrorClass, attempt.ErrorMessage ?? ""),
        Utc(attempt.RetryAt));

    private static ConnectorRunView ToView(RunConnectorRow row, IEnumerable<SyncAttemptRepository.AttemptRow> attempts)
    {
        var streams = JsonSerializer.Deserialize<List<StreamResult>>(row.Streams, _json) ?? [];
        var active = ConnectorStates.IsActive(row.State);
        var records = active && row.Progress is not null
            ? JsonSerializer.Deserialize<Dictionary<string, long>>(row.Progress, _json) ?? []
            : streams
                .GroupBy(stream => stream.Stream)
                .ToDictionary(group => group.Key, group => group.Sum(stream => stream.Records));
        var error = row.ErrorClass is null ? null : new SyncErrorView(row.ErrorClass, row.ErrorMessage ?? "");
        return new(
            row.Type,
            row.State,
            active ? row.CurrentStream : null,
            records,
            streams,
            error,
            Utc(row.StartedAt),
            Utc(row.FinishedAt))
        {
            Attempt = row.Attempt,
            NextAttemptAt = Utc(row.NextAttemptAt),
            WaitingReason = row.WaitingReason,
            Attempts = [.. attempts.Select(ToView)],
        };
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static DateTimeOffset? Utc(DateTime? value) => value is { } time ? Utc(time) : null;

    private sealed record RunConnectorRow
    {
        public required string SyncId { get; init; }
        public required string Trigger { get; init; }
        public required DateTime RequestedAt { get; init; }
        public required string Type { get; init; }
        public required string State { get; init; }
        public required string Streams { get; init; }
        public string? ErrorClass { get; init; }
        public string? ErrorMessage { get; init; }
        public DateTime? StartedAt { get; init; }
        public DateTime? FinishedAt { get; init; }
        public string? CurrentStream { get; init; }
        public string? Progress { get; init; }
        public int Attempt { get; init; }
        public DateTime? NextAttemptAt { get; init; }
        public string? WaitingReason { get; init; }
    }
}
