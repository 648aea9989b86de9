using Connectors.OAuth.Credentials;
using Connectors.OAuth.Data;
using Connectors.OAuth.Options;
using Connectors.OAuth.Platforms;
using Connectors.OAuth.Registry;
using Connectors.ServiceDefaults.Errors;
using Microsoft.Extensions.Options;

namespace Connectors.OAuth.Tokens;

/// <summary>
/// The body of <c>POST /internal/tokens/{type}</c>: <c>forceRefresh</c> refreshes even a token far from expiry;
/// <c>rejectedAccessToken</c> is the token the platform just refused. When the stored token differs from it, another
/// caller has refreshed meanwhile and the stored one is answered without calling the platform.
/// </summary>
public sealed record TokenRequest(bool ForceRefresh, string? RejectedAccessToken);

/// <summary>A usable access token (or API key) with what a worker needs beside it.</summary>
public sealed record AccessTokenAnswer(
    string AccessToken,
    DateTimeOffset? ExpiresAt,
    string? AccountId,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// Hands out valid access tokens. Refreshes run one at a time per connection across every instance: within an
/// instance, concurrent callers join one refresh in flight; between instances, a PostgreSQL advisory lock
/// serializes them, and the row is re-read under the lock, so an instance queued behind another's refresh gets its
/// result without calling the platform again.
/// </summary>
public sealed class TokenService(
    PlatformCatalog platforms,
    CredentialVault vault,
    ICredentialRepository repository,
    RefreshFlights flights,
    RegistryClient registry,
    OAuthMetrics metrics,
    IOptions<OAuthOptions> options,
    TimeProvider time,
    ILogger<TokenService> logger)
{
    public async Task<AccessTokenAnswer> GetAsync(
        Guid projectId,
        string type,
        TokenRequest request,
        CancellationToken cancellationToken)
    {
        var platform = platforms.Get(type);
        var credential = await vault.FindAsync(projectId, type, cancellationToken) ?? throw NotStored(platform);
        if (AnswerWithoutRefresh(credential, request) is { } answer)
        {
            return answer;
        }

        var oauth = platform as IOAuthPlatform
            ?? throw new InvalidOperationException($"The stored {type} credential holds no API key.");
        var outcome = await flights.JoinAsync(
            projectId,
            type,
            request.ForceRefresh,
            () => RefreshAsync(oauth, projectId, request),
            cancellationToken);
        return outcome.Answer ?? throw ReauthRequired(outcome.ReauthReason!);
    }

    /// <summary>
    /// One flight's work: under the connection's database lock, re-read the row and refresh it unless another
    /// instance just did, then tell the registry once. It runs to its end even when the caller that started it
    /// gives up, so that the callers that joined it are answered.
    /// </summary>
    private async Task<RefreshOutcome> RefreshAsync(IOAuthPlatform platform, Guid projectId, TokenRequest request)
    {
        RefreshOutcome outcome;
        try
        {
            outcome = await repository.WithLockAsync(
                projectId,
                platform.Type,
                locked => RefreshLockedAsync(platform, projectId, request, locked, CancellationToken.None),
                CancellationToken.None);
        }
        catch (PlatformException exception)
        {
            Log.RefreshFailed(logger, platform.Type, projectId, exception.Failure.ToString(), exception.Message);
            metrics.RefreshFailed(platform.Type, exception.Failure.ToString());
            throw exception.Failure == PlatformFailure.Transient
                ? new ProblemException(StatusCodes.Status503ServiceUnavailable, "Platform unavailable",
                    $"{exception.Message} The stored tokens are unchanged; try again shortly.")
                : new ProblemException(StatusCodes.Status502BadGateway, "Platform refused the refresh",
                    $"{exception.Message} The stored tokens are unchanged.");
        }

        if (outcome.Answer is { } refreshed)
        {
            if (outcome.Refreshed && platform.AccessEndsWithToken)
            {
                await TellRegistryAsync(projectId, platform.Type, refreshed.ExpiresAt, CancellationToken.None);
            }
        }
        else
        {
            await TellRegistryAsync(projectId, platform.Type, outcome.ReauthReason!, CancellationToken.None);
        }

        return outcome;
    }

    private async Task<RefreshOutcome> RefreshLockedAsync(
        IOAuthPlatform platform,
        Guid projectId,
        TokenRequest request,
        ILockedCredential locked,
        CancellationToken cancellationToken)
    {
        var credential = locked.Current is { } row ? vault.Open(row) : throw NotStored(platform);
        if (AnswerWithoutRefresh(credential, request) is { } answer)
        {
            Log.RefreshedMeanwhile(logger, platform.Type, projectId);
            return new RefreshOutcome(answer, null);
        }

        var current = new CurrentGrant(
            credential.Secrets.AccessToken,
            credential.Secrets.RefreshToken,
            credential.AccessExpiresAt,
            credential.Metadata);
        try
        {
            var grant = await platform.RefreshAsync(current, cancellationToken);
            metrics.Refreshed(platform.Type);
            return new RefreshOutcome(await SaveAsync(credential, grant, locked, cancellationToken), null, true);
        }
        catch (PlatformException exception) when (exception.Failure == PlatformFailure.GrantRevoked)
        {
            var reason = $"{exception.Message} Connect {platform.DisplayName} again to resume syncing.";
            Log.GrantRevoked(logger, platform.Type, projectId, reason);
            metrics.RefreshFailed(platform.Type, exception.Failure.ToString());
            await locked.MarkReauthRequiredAsync(reason, time.GetUtcNow().UtcDateTime, cancellationToken);
            return new RefreshOutcome(null, reason);
        }
    }

    /// <summary>Saves the new tokens; a reply without a refresh token keeps the stored one.</summary>
    private async Task<AccessTokenAnswer> SaveAsync(
        Credential credential,
        TokenGrant grant,
        ILockedCredential locked,
        CancellationToken cancellationToken)
    {
        var refreshToken = grant.RefreshToken ?? credential.Secrets.RefreshToken;
        var secrets = CredentialSecrets.ForTokens(grant.AccessToken, refreshToken);
        var sealedSecrets = vault.Seal(credential.ProjectId, credential.Type, secrets);
        var refreshExpiresAt = grant.RefreshExpiresAt ?? credential.RefreshExpiresAt;
        await locked.SaveTokensAsync(new TokenUpdate(
            sealedSecrets.KeyId,
            sealedSecrets.Nonce,
            sealedSecrets.Ciphertext,
            grant.AccessExpiresAt?.UtcDateTime,
            refreshExpiresAt?.UtcDateTime,
            time.GetUtcNow().UtcDateTime), cancellationToken);
        Log.TokenRefreshed(logger, credential.Type, credential.ProjectId);
        return new AccessTokenAnswer(
            grant.AccessToken, grant.AccessExpiresAt, credential.AccountId, credential.Metadata);
    }

    /// <summary>The stored secret when it can be handed out as it is; null when a refresh is needed.</summary>
    private AccessTokenAnswer? AnswerWithoutRefresh(Credential credential, TokenRequest request)
    {
        if (credential.Status == GrantStatus.ReauthRequired)
        {
            throw ReauthRequired(credential.StatusReason ?? "The platform no longer accepts this connection.");
        }

        if (credential.Secrets.ApiKey is { } apiKey)
        {
            return new AccessTokenAnswer(apiKey, null, credential.AccountId, credential.Metadata);
        }

        if (credential.Secrets.AccessToken is not { } accessToken)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var expiresAt = credential.AccessExpiresAt ?? DateTimeOffset.MaxValue;
        var refreshedMeanwhile = request.RejectedAccessToken is { } rejected
            && rejected != accessToken
            && expiresAt > now;
        var fresh = !request.ForceRefresh && expiresAt - now > options.Value.RefreshBeforeExpiry;
        return refreshedMeanwhile || fresh
            ? new AccessTokenAnswer(accessToken, credential.AccessExpiresAt, credential.AccountId, credential.Metadata)
            : null;
    }

    private async Task TellRegistryAsync(
        Guid projectId,
        string type,
        string reason,
        CancellationToken cancellationToken)
    {
        try
        {
            await registry.MarkReauthRequiredAsync(projectId, type, reason, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException
            && !cancellationToken.IsCancellationRequested)
        {
            Log.RegistryUpdateFailed(logger, type, projectId, "reauth_required", exception);
        }
    }

    /// <summary>The access was extended: the registry's warning moves with it (best effort).</summary>
    private async Task TellRegistryAsync(
        Guid projectId,
        string type,
        DateTimeOffset? tokenExpiresAt,
        CancellationToken cancellationToken)
    {
        try
        {
            await registry.SetTokenExpiryAsync(projectId, type, tokenExpiresAt, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException
            && !cancellationToken.IsCancellationRequested)
        {
            Log.RegistryUpdateFailed(logger, type, projectId, "connected with a new token expiry", exception);
        }
    }

    private static ProblemException NotStored(IPlatform platform) => new(
        StatusCodes.Status404NotFound,
        "No credentials",
        $"No {platform.DisplayName} credentials are stored for this project.");

    private static ProblemException ReauthRequired(string reason)
    {
        var problem = new ProblemException(StatusCodes.Status409Conflict, "Re-authorization required", reason);
        problem.Extensions["reason"] = reason;
        return problem;
    }
}
