using System.Net;
using System.Text.Json;
using Connectors.ServiceDefaults.Errors;
using Connectors.ServiceDefaults.Security;
using Microsoft.AspNetCore.Mvc;

namespace Connectors.ConnectorRegistry.Credentials;

/// <summary>What the OAuth service answers once it validated and stored API-key credentials.</summary>
public sealed record StoredCredentials(string? AccountName, string? AccountId);

/// <summary>What the OAuth service answers once it revoked (where it could) and deleted credentials.</summary>
public sealed record DeletedCredentials(bool Revoked, string? RevocationError);

/// <summary>
/// Calls the OAuth service's internal credentials API, signed for the project. Failures come back as
/// <see cref="ProblemException"/>: 422 when the platform refused a key, 503 when the service cannot be used.
/// </summary>
public sealed class CredentialsClient(
    HttpClient http,
    CallerSignature signature,
    ILogger<CredentialsClient> logger)
{
    public async Task<StoredCredentials> StoreAsync(
        Guid projectId,
        string type,
        JsonElement credentials,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, Path(type))
        {
            Content = JsonContent.Create(new { credentials }),
        }.SignedFor(signature, projectId);
        using var response = await SendAsync(request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest)
        {
            throw new ProblemException(
                StatusCodes.Status422UnprocessableEntity,
                "Credentials refused",
                await RefusalAsync(response, type, cancellationToken));
        }

        EnsureSuccess(response);
        return await response.Content.ReadFromJsonAsync<StoredCredentials>(cancellationToken)
            ?? throw Unavailable();
    }

    public async Task<DeletedCredentials> DeleteAsync(Guid projectId, string type, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, Path(type)).SignedFor(signature, projectId);
        using var response = await SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            // Nothing was stored (e.g. an OAuth flow that never finished): there is nothing to revoke.
            return new DeletedCredentials(false, null);
        }

        EnsureSuccess(response);
        return await response.Content.ReadFromJsonAsync<DeletedCredentials>(cancellationToken)
            ?? throw Unavailable();
    }

    private static string Path(string type) => $"internal/credentials/{Uri.EscapeDataString(type)}";

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException
            || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.CredentialsServiceUnreachable(logger, exception);
            throw Unavailable();
        }
    }

    private void EnsureSuccess(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            Log.CredentialsServiceFailed(logger, (int)response.StatusCode);
            throw Unavailable();
        }
    }

    private static async Task<string> RefusalAsync(
        HttpResponseMessage response,
        string type,
        CancellationToken cancellationToken)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(cancellationToken);
            if (!string.IsNullOrWhiteSpace(problem?.Detail))
            {
                return problem.Detail;
            }
        }
        catch (JsonException)
        {
            // The refusal stands even when its body is not a problem document.
        }

        return $"The platform refused the credentials for {type}.";
    }

    private static ProblemException Unavailable() => new(
        StatusCodes.Status503ServiceUnavailable,
        "Credentials service unavailable",
        "The credentials service cannot be used right now; nothing was changed. Try again shortly.");
}
