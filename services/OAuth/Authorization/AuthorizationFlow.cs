using System.Security.Cryptography;
using System.Text;
using Connectors.OAuth.Credentials;
using Connectors.OAuth.Data;
using Connectors.OAuth.Options;
using Connectors.OAuth.Platforms;
using Connectors.OAuth.Registry;
using Connectors.OAuth.Security;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Connectors.OAuth.Authorization;

/// <summary>
/// The authorization-code flow: starts a consent (state, PKCE, browser binding) and completes it on the callback
/// (state check, code exchange, account lookup, storage, registry update).
/// </summary>
public sealed class AuthorizationFlow(
    PlatformCatalog platforms,
    IAuthorizationStateRepository states,
    CredentialVault vault,
    RegistryClient registry,
    SecretProtector protector,
    IOptions<OAuthOptions> options,
    IOptions<PublicOptions> publicOptions,
    TimeProvider time,
    ILogger<AuthorizationFlow> logger)
{
    private static readonly HashSet<string> _knownErrors =
    [
        "access_denied", "invalid_request", "unauthorized_client", "unsupported_response_type", "invalid_scope",
        "server_error", "temporarily_unavailable",
    ];

    /// <summary>Stores a new state for the project and type, and answers the platform's consent URL.</summary>
    public async Task<Uri> StartAsync(
        Guid projectId,
        string type,
        string browserValue,
        CancellationToken cancellationToken)
    {
        var platform = platforms.GetOAuth(type);
        var state = RandomValues.New();
        var stateHash = RandomValues.Hash(state);
        var verifier = platform.UsesPkce ? RandomValues.New() : null;
        var now = time.GetUtcNow();
        await states.AddAsync(new AuthorizationState(
            stateHash,
            projectId,
            type,
            verifier is null ? null : protector.SealToBlob(Encoding.ASCII.GetBytes(verifier), VerifierData(stateHash)),
            RandomValues.Hash(browserValue),
            now.UtcDateTime,
            (now + options.Value.StateLifetime).UtcDateTime), cancellationToken);

        Log.AuthorizationStarted(logger, type, projectId);
        var challenge = verifier is null ? null : RandomValues.PkceChallenge(verifier);
        return platform.BuildAuthorizeUrl(new AuthorizeRequest(state, RedirectUri(type), challenge));
    }

    /// <summary>Completes a consent from the callback's query, once per state.</summary>
    public async Task<CallbackOutcome> CompleteAsync(
        string type,
        IReadOnlyDictionary<string, string> query,
        string? browserValue,
        CancellationToken cancellationToken)
    {
        if (!platforms.TryGet(type, out var found) || found is not IOAuthPlatform platform)
        {
            return Refuse(type, "unknown type", _unknownLink);
        }

        var state = query.GetValueOrDefault("state");
        var stored = RandomValues.IsWellFormed(state)
            ? await states.TakeAsync(RandomValues.Hash(state!), cancellationToken)
            : null;
        if (Check(stored, type, browserValue) is { } refused)
        {
            return refused;
        }

        if (query.TryGetValue("error", out var error))
        {
            var code = _knownErrors.Contains(error) ? error : "authorization_failed";
            Log.AuthorizationDenied(logger, type, stored!.ProjectId, code);
            return Failed(type, code);
        }

        return await ConnectAsync(platform, stored!, query, cancellationToken);
    }

    private CallbackOutcome? Check(AuthorizationState? stored, string type, string? browserValue)
    {
        if (stored is null || stored.Type != type)
        {
            return Refuse(type, "unknown or used state", _unknownLink);
        }

        if (stored.ExpiresAt <= time.GetUtcNow().UtcDateTime)
        {
            return Refuse(type, "expired state", _expiredLink);
        }

        var sameBrowser = browserValue is not null
            && CryptographicOperations.FixedTimeEquals(RandomValues.Hash(browserValue), stored.BrowserHash);
        return sameBrowser ? null : Refuse(type, "state started in another browser", _otherBrowser);
    }

    private async Task<CallbackOutcome> ConnectAsync(
        IOAuthPlatform platform,
        AuthorizationState stored,
        IReadOnlyDictionary<string, string> query,
        CancellationToken cancellationToken)
    {
        if (query.GetValueOrDefault("code") is not { Length: > 0 } code)
        {
            Log.AuthorizationDenied(logger, platform.Type, stored.ProjectId, "no code");
            return Failed(platform.Type, "authorization_failed");
        }

        var verifier = stored.CodeVerifierCiphertext is { } blob
            ? Encoding.ASCII.GetString(protector.OpenBlob(blob, VerifierData(stored.StateHash)))
            : null;
        var exchange = new CodeExchange(code, RedirectUri(platform.Type), verifier, query);
        TokenGrant? grant = null;
        try
        {
            grant = await platform.ExchangeCodeAsync(exchange, cancellationToken);
            var account = await platform.LookUpAccountAsync(grant, cancellationToken);
            return await StoreAsync(platform, stored.ProjectId, grant, account, cancellationToken);
        }
        catch (PlatformException exception)
        {
            Log.ConnectionFailed(
                logger, platform.Type, stored.ProjectId, exception.Failure.ToString(), exception.Message);
            if (grant is not null)
            {
                var secrets = CredentialSecrets.ForTokens(grant.AccessToken, grant.RefreshToken);
                await platform.RevokeAsync(secrets, cancellationToken);
            }

            return Failed(platform.Type, "connection_failed");
        }
    }

    private async Task<CallbackOutcome> StoreAsync(
        IOAuthPlatform platform,
        Guid projectId,
        TokenGrant grant,
        ConnectedAccount account,
        CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>(grant.Metadata);
        foreach (var (key, value) in account.Metadata)
        {
            metadata[key] = value;
        }

        var credential = new Credential(
            projectId,
            platform.Type,
            CredentialSecrets.ForTokens(grant.AccessToken, grant.RefreshToken),
            account.Id,
            metadata,
            grant.AccessExpiresAt,
            grant.RefreshExpiresAt,
            GrantStatus.Active,
            null);
        await vault.SaveAsync(credential, cancellationToken);
        try
        {
            var endsAt = platform.AccessEndsWithToken ? grant.AccessExpiresAt : null;
            await registry.MarkConnectedAsync(
                projectId, platform.Type, account.Name, account.Id, endsAt, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException
            && !cancellationToken.IsCancellationRequested)
        {
            // The registry would keep showing the connector as pending: take the tokens back out so both agree.
            Log.RegistryUpdateFailed(logger, platform.Type, projectId, "connected", exception);
            await vault.DeleteAsync(projectId, platform.Type, cancellationToken);
            return Failed(platform.Type, "connection_failed");
        }

        Log.Connected(logger, platform.Type, projectId, account.Id);
        return new CallbackOutcome.Redirect($"{Dashboard}?connected={Uri.EscapeDataString(platform.Type)}");
    }

    private string Dashboard => $"{publicOptions.Value.Base}/dashboard/sensors";

    private string RedirectUri(string type) =>
        $"{publicOptions.Value.Base}/api/connectors/{Uri.EscapeDataString(type)}/callback";

    private CallbackOutcome.Redirect Failed(string type, string error) =>
        new(QueryHelpers.AddQueryString(
            Dashboard, new Dictionary<string, string?> { ["error"] = error, ["type"] = type }));

    private CallbackOutcome.Refused Refuse(string type, string reason, CallbackOutcome.Refused page)
    {
        Log.CallbackRefused(logger, type, reason);
        return page;
    }

    private static string VerifierData(byte[] stateHash) => $"pkce|{Convert.ToHexString(stateHash)}";

    private static readonly CallbackOutcome.Refused _unknownLink = new(
        "This connection link is not valid",
        "The link that brought you here is unknown or was already used, so nothing was connected. "
        + "Start the connection again from your connectors page.");

    private static readonly CallbackOutcome.Refused _expiredLink = new(
        "This connection link has expired",
        "Connecting must be finished within a few minutes of starting it, so nothing was connected. "
        + "Start the connection again from your connectors page.");

    private static readonly CallbackOutcome.Refused _otherBrowser = new(
        "This connection was started in another browser",
        "For your safety a connection can only be finished in the browser that started it, so nothing was "
        + "connected. Start the connection again from your connectors page in this browser.");
}
