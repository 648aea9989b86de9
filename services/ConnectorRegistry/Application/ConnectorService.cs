using Connectors.ConnectorRegistry.Credentials;
using Connectors.ConnectorRegistry.Data;
using Connectors.ConnectorRegistry.Endpoints;
using Connectors.ConnectorRegistry.Extensions;
using Connectors.Contracts;
using Connectors.ServiceDefaults.Errors;
using Microsoft.Extensions.Options;

namespace Connectors.ConnectorRegistry.Application;

/// <summary>
/// Connects and disconnects a project's platforms, keeping the registry and the stored secrets in step.
/// </summary>
public sealed class ConnectorService(
    IConnectorRepository connectors,
    CredentialsClient credentials,
    IOptions<PublicUrlOptions> publicUrl,
    ILogger<ConnectorService> logger)
{
    public async Task<ConnectorView> ConnectWithApiKeyAsync(
        Guid projectId,
        ConnectRequest request,
        CancellationToken cancellationToken)
    {
        await EnsureNotConnectedAsync(projectId, request.Type, cancellationToken);

        StoredCredentials account;
        try
        {
            account = await credentials.StoreAsync(
                projectId, request.Type, request.Credentials!.Value, cancellationToken);
        }
        catch (ProblemException problem) when (problem.Status == StatusCodes.Status422UnprocessableEntity)
        {
            Log.CredentialsRefused(logger, request.Type, projectId);
            throw;
        }

        var change = new ConnectorStateChange(
            ConnectorStatuses.Connected, null, account.AccountName, account.AccountId);
        var connector = await connectors.ApplyAsync(projectId, request.Type, change, cancellationToken);
        Log.Connected(logger, request.Type, projectId);
        return ConnectorView.From(connector);
    }

    public async Task<PendingConnectorView> StartOAuthAsync(
        Guid projectId,
        string type,
        CancellationToken cancellationToken)
    {
        var connector = await connectors.MarkPendingAsync(projectId, type, cancellationToken)
            ?? throw AlreadyConnected(type);
        Log.Pending(logger, type, projectId);
        return new PendingConnectorView(type, connector.Status, AuthorizeUrl(type));
    }

    public async Task<DisconnectedView> DisconnectAsync(
        Guid projectId,
        string type,
        CancellationToken cancellationToken)
    {
        _ = await connectors.FindAsync(projectId, type, cancellationToken) ?? throw new ProblemException(
            StatusCodes.Status404NotFound,
            "Connector not found",
            $"The project has no {type} connector.");

        // Secrets go first: the row stays (and the user can retry) unless the OAuth service confirmed deletion.
        var deleted = await credentials.DeleteAsync(projectId, type, cancellationToken);
        await connectors.DeleteAsync(projectId, type, cancellationToken);
        Log.Disconnected(logger, type, projectId, deleted.Revoked);
        return new DisconnectedView(type, true, deleted.Revoked, deleted.RevocationError);
    }

    public static bool UsesApiKey(string type) =>
        ConnectorTypes.ApiKey.Contains(type, StringComparer.Ordinal);

    private async Task EnsureNotConnectedAsync(Guid projectId, string type, CancellationToken cancellationToken)
    {
        var existing = await connectors.FindAsync(projectId, type, cancellationToken);
        if (existing?.Status == ConnectorStatuses.Connected)
        {
            throw AlreadyConnected(type);
        }
    }

    private string AuthorizeUrl(string type) =>
        new Uri(publicUrl.Value.PublicBaseUrl!, $"/api/connectors/{type}/auth").AbsoluteUri;

    private static ProblemException AlreadyConnected(string type) => new(
        StatusCodes.Status409Conflict,
        "Already connected",
        $"{type} is already connected to this project; disconnect it first to connect another account.");
}
