using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Connectors.Contracts;
using Connectors.ServiceDefaults.Security;
using Connectors.Workers.Sync;

namespace Connectors.Workers.Tokens;

/// <summary>
/// Gets access tokens from the OAuth service: <c>POST /internal/tokens/{type}</c>, signed for the project.
/// </summary>
public sealed class TokenClient(HttpClient http, CallerSignature signature)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// A valid token; with <paramref name="rejectedAccessToken"/> the OAuth service is asked to refresh because the
    /// platform refused that one. Throws <see cref="GrantRevokedException"/> when the grant is gone.
    /// </summary>
    public async Task<PlatformToken> GetAsync(
        Guid projectId,
        string type,
        string? rejectedAccessToken,
        CancellationToken cancellationToken)
    {
        var body = new TokenRequest(rejectedAccessToken is not null, rejectedAccessToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"internal/tokens/{Uri.EscapeDataString(type)}")
        {
            Content = JsonContent.Create(body, options: Json),
        };
        using var response = await SendAsync(request.SignedFor(signature, projectId), cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return await ReadTokenAsync(response, cancellationToken);
        }

        throw response.StatusCode switch
        {
            HttpStatusCode.Conflict => new GrantRevokedException(await ReasonAsync(response, cancellationToken)),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new SyncFailureException(
                FailureClass.Configuration,
                "The OAuth service refused the worker's signature; check Internal:SigningKey on both."),
            HttpStatusCode.NotFound => new SyncFailureException(
                FailureClass.Configuration, $"The OAuth service holds no credentials for {type}."),
            >= HttpStatusCode.InternalServerError => new SyncFailureException(
                FailureClass.Transient, $"The OAuth service failed ({(int)response.StatusCode})."),
            _ => new SyncFailureException(
                FailureClass.Bug, $"The OAuth service refused the token request ({(int)response.StatusCode})."),
        };
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException
            || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new SyncFailureException(FailureClass.Transient, "The OAuth service cannot be reached.", exception);
        }
    }

    private static async Task<PlatformToken> ReadTokenAsync(
        HttpResponseMessage response,
        CancellationToken cancellationToken)
    {
        var token = await response.Content.ReadFromJsonAsync<PlatformToken>(Json, cancellationToken);
        return token is { AccessToken.Length: > 0 }
            ? token
            : throw new SyncFailureException(FailureClass.Bug, "The OAuth service answered without an access token.");
    }

    private static async Task<string> ReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        const string Fallback = "The connection was revoked or expired; reconnect it.";
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<TokenProblem>(Json, cancellationToken);
            return problem?.Reason ?? problem?.Detail ?? Fallback;
        }
        catch (JsonException)
        {
            return Fallback;
        }
    }

    private sealed record TokenRequest(
        bool ForceRefresh,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RejectedAccessToken);

    private sealed record TokenProblem(string? Reason, string? Detail);
}
