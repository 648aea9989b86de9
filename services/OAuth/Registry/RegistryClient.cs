using Connectors.ServiceDefaults.Security;

namespace Connectors.OAuth.Registry;

/// <summary>Tells the connector registry what became of a connector (<c>PUT /internal/connectors/{type}</c>).</summary>
public sealed class RegistryClient(HttpClient http, CallerSignature signature)
{
    /// <summary>
    /// The connector is connected; <paramref name="tokenExpiresAt"/> is when its access ends unless the user connects
    /// again (null when the platform renews it).
    /// </summary>
    public Task MarkConnectedAsync(
        Guid projectId,
        string type,
        string accountName,
        string accountId,
        DateTimeOffset? tokenExpiresAt,
        CancellationToken cancellationToken) =>
        PutAsync(projectId, $"internal/connectors/{Uri.EscapeDataString(type)}",
            new ConnectorStatus("connected", null, accountName, accountId, tokenExpiresAt), cancellationToken);

    public Task MarkReauthRequiredAsync(
        Guid projectId,
        string type,
        string reason,
        CancellationToken cancellationToken) =>
        PutAsync(projectId, $"internal/connectors/{Uri.EscapeDataString(type)}",
            new ConnectorStatus("reauth_required", reason, null, null, null), cancellationToken);

    /// <summary>
    /// A connected connector's access was extended: its new end (a 404 for a connector gone is fine).
    /// </summary>
    public Task SetTokenExpiryAsync(
        Guid projectId,
        string type,
        DateTimeOffset? tokenExpiresAt,
        CancellationToken cancellationToken) =>
        PutAsync(projectId, $"internal/connectors/{Uri.EscapeDataString(type)}/token-expiry",
            new TokenExpiry(tokenExpiresAt), cancellationToken, allowNotFound: true);

    private async Task PutAsync<T>(
        Guid projectId,
        string path,
        T body,
        CancellationToken cancellationToken,
        bool allowNotFound = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        using var response = await http.SendAsync(request.SignedFor(signature, projectId), cancellationToken);
        if (!(allowNotFound && response.StatusCode == System.Net.HttpStatusCode.NotFound))
        {
            response.EnsureSuccessStatusCode();
        }
    }

    private sealed record ConnectorStatus(
        string Status,
        string? StatusReason,
        string? AccountName,
        string? AccountId,
        DateTimeOffset? TokenExpiresAt);

    private sealed record TokenExpiry(DateTimeOffset? TokenExpiresAt);
}
