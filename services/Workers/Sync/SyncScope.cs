using Connectors.Contracts;
using Connectors.Workers.Tokens;

namespace Connectors.Workers.Sync;

/// <summary>One connector's sync in progress: the request, its access to the platform and when it began.</summary>
public sealed record SyncScope(SyncRequested Request, AccessSession Session, DateTimeOffset StartedAt)
{
    public Guid ProjectId => Request.ProjectId;

    public string Type => Request.Type;

    public string SyncId => Request.SyncId;
}
