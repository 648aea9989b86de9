using Connectors.Contracts;
using Connectors.Workers.Tokens;

namespace Connectors.Workers.Sync;

/// <summary>
/// One connector's sync in progress: the request, its access to the platform, when it began and who is told how far
/// it has come.
/// </summary>
public sealed record SyncScope(
    SyncRequested Request,
    AccessSession Session,
    DateTimeOffset StartedAt,
    ProgressReporter Progress)
{
    public Guid ProjectId => Request.ProjectId;

    public string Type => Request.Type;

    public string SyncId => Request.SyncId;
}
