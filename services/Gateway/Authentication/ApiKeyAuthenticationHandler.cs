using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Connectors.Gateway.Authentication;

/// <summary>Authenticates <c>Authorization: Bearer &lt;api key&gt;</c>.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyValidator validator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private const string Bearer = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("The Authorization header is not a bearer token.");
        }

        var project = await validator.FindProjectAsync(header[Bearer.Length..].Trim(), Context.RequestAborted);
        if (project is not { } projectId)
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        var principal = GatewayPrincipal.For(projectId, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return GatewayProblems.WriteAsync(
            Context,
            StatusCodes.Status401Unauthorized,
            "Unauthorized",
            "The API key is not valid or was revoked. Send Authorization: Bearer <api key>.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        GatewayProblems.WriteAsync(
            Context, StatusCodes.Status403Forbidden, "Forbidden", "This key may not do that.");
}
