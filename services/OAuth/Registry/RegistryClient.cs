using Connectors.ServiceDefaults.Security;

namespace Connectors.OAuth.Registry;

/// <summary>Tells the connector registry what became of a connector (<c>PUT /internal/connectors/{type}</c>).</summary>
public sealed class RegistryClient(HttpClient http, CallerSignature signature)
{
    public Task MarkConnectedAsync(
        Guid projectId,
        string type,
        string accountName,
        string accountId,
        CancellationToken cancellationToken) =>
        PutAsync(projectId, type, new ConnectorStatus("connected", null, accountName, accountId), cancellationToken);

    public Task MarkReauthRequiredAsync(
        Guid projectId,
        string type,
        string reason,
        CancellationToken cancellationToken) =>
        PutAsync(projectId, type, new ConnectorStatus("reauth_required", reason, null, null), cancellationToken);

    private async Task PutAsync(
        Guid projectId,
        string type,
        ConnectorStatus status,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"internal/connectors/{Uri.EscapeDataString(type)}")
        {
            Content = JsonContent.Create(status),
        };
        using var response = await http.SendAsync(request.SignedFor(signature, projectId), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private sealed record ConnectorStatus(string Status, string? StatusReason, string? AccountName, string? AccountId);
}
