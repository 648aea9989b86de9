using System.Text.Json.Serialization;

namespace Connectors.Contracts;

/// <summary>
/// A worker finished one connector's part of a sync run, successfully or not. Fanned out to every subscriber:
/// the orchestrator, the registry and downstream analytics consumers, each on a queue of its own. Carries no
/// secret and no record data: <see cref="Streams"/> says where the new rows are.
/// </summary>
public sealed record SyncCompleted
{
    /// <summary>The sync run.</summary>
    public required string SyncId { get; init; }

    /// <summary>The project that owns the connector.</summary>
    public required Guid ProjectId { get; init; }

    /// <summary>The connector type.</summary>
    public required string Type { get; init; }

    /// <summary>How the sync ended.</summary>
    public required SyncOutcome Status { get; init; }

    /// <summary>One entry per stream read, also when the sync failed part way.</summary>
    public required IReadOnlyList<StreamResult> Streams { get; init; }

    /// <summary>Why the sync failed or was skipped; null when it succeeded.</summary>
    public SyncError? Error { get; init; }

    /// <summary>When the worker started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the worker finished.</summary>
    public required DateTimeOffset CompletedAt { get; init; }

    /// <summary>The attempt that ended the sync: 1 unless earlier attempts failed and were retried.</summary>
    public int Attempt { get; init; } = 1;
}

/// <summary>What one stream of a sync landed, and where.</summary>
public sealed record StreamResult
{
    /// <summary>The stream name, e.g. <c>charges</c> or <c>campaign_daily</c>.</summary>
    public required string Stream { get; init; }

    /// <summary>The table the rows landed in, schema-qualified (e.g. <c>data.stripe_charges</c>).</summary>
    public required string Table { get; init; }

    /// <summary>Records read from the platform in this sync.</summary>
    public required long Records { get; init; }

    /// <summary>Rows that did not exist before.</summary>
    public required long Inserted { get; init; }

    /// <summary>Rows that existed and were changed.</summary>
    public required long Updated { get; init; }

    /// <summary>
    /// Start of the window read (inclusive): a date for date-partitioned streams, a timestamp otherwise.
    /// </summary>
    public DateTimeOffset? WindowStart { get; init; }

    /// <summary>End of the window read (inclusive).</summary>
    public DateTimeOffset? WindowEnd { get; init; }
}

/// <summary>Why a sync did not succeed, in words safe to show a user (never a secret or a token).</summary>
public sealed record SyncError
{
    /// <summary>The class of failure, which decides whether retrying can help.</summary>
    public required FailureClass Class { get; init; }

    /// <summary>A readable explanation.</summary>
    public required string Message { get; init; }
}

/// <summary>What started a sync run.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SyncTrigger>))]
public enum SyncTrigger
{
    /// <summary>A user asked for it through <c>POST /api/sync/run</c>.</summary>
    Manual,

    /// <summary>The schedule fired.</summary>
    Scheduled,
}

/// <summary>How a connector's sync ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SyncOutcome>))]
public enum SyncOutcome
{
    /// <summary>Every stream was read and landed.</summary>
    Succeeded,

    /// <summary>The sync stopped on an error; rows landed before it are kept.</summary>
    Failed,

    /// <summary>The sync did not run, e.g. because the connector needs to be reconnected.</summary>
    Skipped,

    /// <summary>The connector was disconnected while it synced; rows landed before that are kept.</summary>
    Cancelled,
}

/// <summary>Classes of failure.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FailureClass>))]
public enum FailureClass
{
    /// <summary>The platform refused the credentials; the user must reconnect.</summary>
    Auth,

    /// <summary>A platform quota ran out; the sync resumes after it resets.</summary>
    Quota,

    /// <summary>A passing fault (network, 5xx, timeout); retrying helps.</summary>
    Transient,

    /// <summary>Settings are wrong or missing (e.g. no account selected); a person must change them.</summary>
    Configuration,

    /// <summary>A defect in the product; retrying will not help.</summary>
    Bug,
}
