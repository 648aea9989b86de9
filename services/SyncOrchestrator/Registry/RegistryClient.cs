using Connectors.Contracts;
using Connectors.ServiceDefaults.Security;

namespace Connectors.SyncOrchestrator.Registry;

/// <summary>
/// Calls <c>GET /internal/connectors?status=connected</c>, signed for the project (or for none, which the
/// registry answers with every project's connectors). Each item carries <c>type</c>, and <c>projectId</c> at least
/// when no project was named.
/// </summary>
internal sealed class RegistryClient(
    HttpClient http,
    CallerSignature signature,
    ILogger<RegistryClient> logger) : IRegistryClient
{
    private const string ConnectedPath = "internal/connectors?status=connected";

    public async Task<IReadOnlyList<ConnectedConnector>> GetConnectedAsync(
        Guid? projectId,
        CancellationToken cancellationToken)
    {
        var items = await FetchAsync(projectId, cancellationToken);
        return items
            .Where(item => item.Status is null or "connected")
            .Where(item => ConnectorTypes.All.Contains(item.Type))
            .Select(item => new ConnectedConnector(ProjectOf(item, projectId), item.Type))
            .Distinct()
            .ToList();
    }

    private async Task<IReadOnlyList<RegistryConnector>> FetchAsync(
        Guid? projectId,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ConnectedPath).SignedFor(signature, projectId);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                Log.RegistryFailed(logger, (int)response.StatusCode);
                throw new RegistryUnavailableException();
            }

            return await response.Content.ReadFromJsonAsync<List<RegistryConnector>>(cancellationToken) ?? [];
        }
        catch (HttpRequestException exception)
        {
            Log.RegistryUnreachable(logger, exception);
            throw new RegistryUnavailableException();
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            Log.RegistryUnreachable(logger, exception);
            throw new RegistryUnavailableException();
        }
    }

    private static Guid ProjectOf(RegistryConnector item, Guid? requested) =>
        item.ProjectId ?? requested ?? throw new InvalidOperationException(
            "The connector registry listed a connector without its projectId for a call naming no project.");

    private sealed record RegistryConnector(string Type, Guid? ProjectId, string? Status);
}
