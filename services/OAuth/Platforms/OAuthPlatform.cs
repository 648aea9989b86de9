using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Connectors.OAuth.Credentials;
using Connectors.ServiceDefaults.Platforms;
using Microsoft.AspNetCore.WebUtilities;

namespace Connectors.OAuth.Platforms;

/// <summary>How a platform's token endpoint authenticates the client.</summary>
public enum ClientAuthentication
{
    /// <summary><c>client_id</c> and <c>client_secret</c> as form fields.</summary>
    FormBody,

    /// <summary><c>Authorization: Basic base64(client_id:client_secret)</c>.</summary>
    BasicHeader,
}

/// <summary>An error a token endpoint answered with, as the platform worded it.</summary>
public sealed record OAuthError(string Code, string? Description);

/// <summary>
/// The standard OAuth 2.0 authorization-code flow (RFC 6749) with form-encoded token requests. A platform class
/// overrides only what it does differently.
/// </summary>
public abstract class OAuthPlatform(PlatformContext context) : IOAuthPlatform
{
    public abstract string Type { get; }

    public abstract string DisplayName { get; }

    public virtual bool UsesPkce => false;

    public virtual bool AccessEndsWithToken => false;

    /// <summary>How the platform separates scopes in the consent URL.</summary>
    protected virtual string ScopeSeparator => " ";

    protected virtual ClientAuthentication ClientAuthentication => ClientAuthentication.FormBody;

    /// <summary>The token-response field that says how long the refresh token lives, in seconds.</summary>
    protected virtual string RefreshLifetimeField => "refresh_token_expires_in";

    protected PlatformOptions Options => context.Options(Type);

    protected HttpClient Client => context.Client(Type);

    protected DateTimeOffset Now => context.Time.GetUtcNow();

    public Uri BuildAuthorizeUrl(AuthorizeRequest request)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = Options.ClientId,
            ["redirect_uri"] = request.RedirectUri,
            ["scope"] = string.Join(ScopeSeparator, SplitScopes(Options.Scopes)),
            ["state"] = request.State,
        };
        if (UsesPkce && request.CodeChallenge is { } challenge)
        {
            parameters["code_challenge"] = challenge;
            parameters["code_challenge_method"] = "S256";
        }

        AddAuthorizeParameters(parameters);
        return new Uri(QueryHelpers.AddQueryString(Options.AuthorizeUrl, parameters));
    }

    public virtual async Task<TokenGrant> ExchangeCodeAsync(CodeExchange exchange, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = exchange.Code,
            ["redirect_uri"] = exchange.RedirectUri,
        };
        if (exchange.CodeVerifier is { } verifier)
        {
            form["code_verifier"] = verifier;
        }

        return ReadGrant(await RequestTokenAsync(form, cancellationToken));
    }

    public virtual async Task<TokenGrant> RefreshAsync(CurrentGrant current, CancellationToken cancellationToken)
    {
        if (current.RefreshToken is not { } refreshToken)
        {
            throw new PlatformException(PlatformFailure.GrantRevoked,
                $"{DisplayName} issued no refresh token for this connection, so its access cannot be renewed.");
        }

        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
        };
        return ReadGrant(await RequestTokenAsync(form, cancellationToken));
    }

    public abstract Task<ConnectedAccount> LookUpAccountAsync(TokenGrant grant, CancellationToken cancellationToken);

    public abstract Task<RevocationResult> RevokeAsync(CredentialSecrets secrets, CancellationToken cancellationToken);

    /// <summary>Platform-specific consent parameters (e.g. Google's <c>access_type=offline</c>).</summary>
    protected virtual void AddAuthorizeParameters(IDictionary<string, string?> parameters)
    {
    }

    /// <summary>Reads a successful token response.</summary>
    protected virtual TokenGrant ReadGrant(JsonElement body)
    {
        var accessToken = body.String("access_token")
            ?? throw new PlatformException(
                PlatformFailure.Rejected, $"{DisplayName} answered without an access token.");
        var metadata = new Dictionary<string, string>();
        if (Scopes(body) is { } scopes)
        {
            metadata["scopes"] = scopes;
        }

        return new TokenGrant(
            accessToken,
            body.String("refresh_token"),
            ExpiresAt(body, "expires_in"),
            ExpiresAt(body, RefreshLifetimeField),
            metadata);
    }

    /// <summary>Reads a token endpoint's error body (RFC 6749 §5.2 by default).</summary>
    protected virtual OAuthError ReadError(JsonElement? body) =>
        new(body?.String("error") ?? "unknown_error", body?.String("error_description"));

    /// <summary>Whether an error means the grant is gone for good.</summary>
    protected virtual bool IsGrantRevoked(OAuthError error) => error.Code == "invalid_grant";

    /// <summary>POSTs a form to the token endpoint, authenticating the client the platform's way.</summary>
    protected Task<JsonElement> RequestTokenAsync(
        Dictionary<string, string> form,
        CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Options.TokenUrl);
        AuthenticateClient(request, form);
        request.Content = new FormUrlEncodedContent(form);
        return SendTokenRequestAsync(request, cancellationToken);
    }

    protected Task<JsonElement> SendTokenRequestAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return PlatformHttp.SendForJsonAsync(Client, request, DisplayName, TokenRefused, cancellationToken);
    }

    /// <summary>Adds the client credentials to a request or form, as <see cref="ClientAuthentication"/> says.</summary>
    protected void AuthenticateClient(HttpRequestMessage request, IDictionary<string, string> form)
    {
        if (ClientAuthentication == ClientAuthentication.BasicHeader)
        {
            var credentials = Encoding.UTF8.GetBytes($"{Options.ClientId}:{Options.ClientSecret}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(credentials));
            return;
        }

        form["client_id"] = Options.ClientId;
        form["client_secret"] = Options.ClientSecret;
    }

    /// <summary>Calls an API and returns its JSON answer; any refusal means the account cannot be read.</summary>
    protected Task<JsonElement> ApiAsync(
        HttpRequestMessage request,
        string what,
        CancellationToken cancellationToken) =>
        PlatformHttp.SendForJsonAsync(
            Client, request, DisplayName, PlatformHttp.Refused(DisplayName, what), cancellationToken);

    /// <summary>Sends a revocation; any failure becomes a plain reason instead of an exception.</summary>
    protected async Task<RevocationResult> RevokeWithAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.RequestUri?.ToString()))
        {
            request.Dispose();
            return RevocationResult.NotDone($"No revocation endpoint is configured for {DisplayName}.");
        }

        try
        {
            await PlatformHttp.SendAsync(Client, request, DisplayName, RevocationRefused, cancellationToken);
            return RevocationResult.Done;
        }
        catch (PlatformException exception)
        {
            return RevocationResult.NotDone(exception.Message);
        }
    }

    protected DateTimeOffset? ExpiresAt(JsonElement body, string field) =>
        double.TryParse(body.String(field), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds > 0
            ? Now.AddSeconds(seconds)
            : null;

    protected static string? Scopes(JsonElement body) =>
        body.Property("scopes") is { ValueKind: JsonValueKind.Array } list
        ? string.Join(' ', list.EnumerateArray().Select(scope => scope.GetString()))
        : body.String("scope");

    protected static IEnumerable<string> SplitScopes(string scopes) =>
        scopes.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The token that revokes the whole grant: the refresh token where there is one.</summary>
    protected static string? GrantToken(CredentialSecrets secrets) => secrets.RefreshToken ?? secrets.AccessToken;

    private PlatformException TokenRefused(HttpStatusCode status, JsonElement? body)
    {
        var error = ReadError(body);
        var detail = error.Description is { Length: > 0 } description ? $"{error.Code}: {description}" : error.Code;
        return IsGrantRevoked(error)
            ? new PlatformException(
                PlatformFailure.GrantRevoked, $"{DisplayName} no longer accepts this grant ({detail}).")
            : new PlatformException(PlatformFailure.Rejected, $"{DisplayName} refused the token request ({detail}).");
    }

    private PlatformException RevocationRefused(HttpStatusCode status, JsonElement? body)
    {
        var error = ReadError(body);
        return new PlatformException(
            PlatformFailure.Rejected, $"{DisplayName} refused the revocation (HTTP {(int)status}, {error.Code}).");
    }
}
