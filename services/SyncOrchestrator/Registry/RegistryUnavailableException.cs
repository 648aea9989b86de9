using Connectors.ServiceDefaults.Errors;

namespace Connectors.SyncOrchestrator.Registry;

/// <summary>The connector registry could not say which connectors are connected; nothing was started.</summary>
internal sealed class RegistryUnavailableException() : ProblemException(
    StatusCodes.Status503ServiceUnavailable,
    "Connector registry unavailable",
    "The list of connected platforms cannot be read right now; no sync was started. Try again shortly.");
