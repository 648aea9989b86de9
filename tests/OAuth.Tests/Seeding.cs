using Connectors.OAuth.Credentials;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.OAuth.Tests;

/// <summary>Stores and reads credentials through the service's own vault, as a connection leaves them.</summary>
public static class Seeding
{
    public static Task SeedTokensAsync(
        this OAuthApp app,
        Guid project,
        string type,
        string accessToken,
        string? refreshToken,
        DateTimeOffset? accessExpiresAt) =>
        app.Services.GetRequiredService<CredentialVault>().SaveAsync(
            new Credential(
                project,
                type,
                CredentialSecrets.ForTokens(accessToken, refreshToken),
                "acct-1",
                new Dictionary<string, string> { ["realmId"] = "4620816365" },
                accessExpiresAt,
                null,
                GrantStatus.Active,
                null),
            CancellationToken.None);

    public static async Task<CredentialSecrets?> StoredSecretsAsync(this OAuthApp app, Guid project, string type) =>
        (await app.Services.GetRequiredService<CredentialVault>().FindAsync(project, type, CancellationToken.None))
            ?.Secrets;
}
