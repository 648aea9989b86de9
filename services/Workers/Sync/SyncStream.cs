using Connectors.Workers.Data;

namespace Connectors.Workers.Sync;

/// <summary>A stream of one platform (e.g. stripe <c>charges</c>) and the table it lands in.</summary>
public sealed record SyncStream(string Name, LandingTable Table);
