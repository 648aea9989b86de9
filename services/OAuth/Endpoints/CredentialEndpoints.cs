using Connectors.OAuth.Credentials;
using Connectors.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Connectors.OAuth.Endpoints;

/// <summary>Internal: API-key credentials stored by the registry, and the removal of any credential.</summary>
public static class CredentialEndpoints
{
    public static IEndpointRouteBuilder MapCredentialEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/internal/credentials/{type}").WithTags("Credentials").RequireProject();
        group.MapPut("", StoreAsync);
        group.MapDelete("", DeleteAsync);
        return app;
    }

    public static async Task<Results<Ok<AccountAnswer>, ValidationProblem>> StoreAsync(
        string type,
        StoreCredentialsRequest request,
        TrustedCaller caller,
        CredentialService credentials,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Credentials?.ApiKey))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["credentials.apiKey"] = ["An API key is required."],
            });
        }

        var account = await credentials.StoreApiKeyAsync(
            caller.Project, type, request.Credentials.ApiKey.Trim(), cancellationToken);
        return TypedResults.Ok(new AccountAnswer(account.Name, account.Id));
    }

    public static async Task<Ok<DeletionAnswer>> DeleteAsync(
        string type,
        TrustedCaller caller,
        CredentialService credentials,
        CancellationToken cancellationToken)
    {
        var revocation = await credentials.DeleteAsync(caller.Project, type, cancellationToken);
        return TypedResults.Ok(new DeletionAnswer(revocation.Revoked, revocation.Error));
    }
}

/// <summary>The body of <c>PUT /internal/credentials/{type}</c>.</summary>
public sealed record StoreCredentialsRequest(ApiKeyCredentials? Credentials);

public sealed record ApiKeyCredentials(string? ApiKey);

public sealed record AccountAnswer(string AccountName, string AccountId);

public sealed record DeletionAnswer(bool Revoked, string? RevocationError);
