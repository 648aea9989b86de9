using Connectors.OAuth.Platforms;
using Connectors.ServiceDefaults.Errors;

namespace Connectors.OAuth.Credentials;

/// <summary>API keys stored after a live check, and the removal of any credential with its revocation.</summary>
public sealed class CredentialService(
    PlatformCatalog platforms,
    CredentialVault vault,
    ILogger<CredentialService> logger)
{
    /// <summary>Validates an API key at its platform, then stores it; nothing is stored when it is refused.</summary>
    public async Task<ConnectedAccount> StoreApiKeyAsync(
        Guid projectId,
        string type,
        string apiKey,
        CancellationToken cancellationToken)
    {
        var platform = platforms.GetApiKey(type);
        var account = await ValidateAsync(platform, projectId, apiKey, cancellationToken);
        var credential = new Credential(
            projectId,
            type,
            CredentialSecrets.ForApiKey(apiKey),
            account.Id,
            account.Metadata,
            null,
            null,
            GrantStatus.Active,
            null);
        await vault.SaveAsync(credential, cancellationToken);
        Log.ApiKeyStored(logger, type, projectId, account.Id);
        return account;
    }

    /// <summary>Revokes at the platform where it can, then deletes the credential even if revocation failed.</summary>
    public async Task<RevocationResult> DeleteAsync(Guid projectId, string type, CancellationToken cancellationToken)
    {
        var platform = platforms.Get(type);
        var credential = await vault.FindAsync(projectId, type, cancellationToken)
            ?? throw new ProblemException(
                StatusCodes.Status404NotFound,
                "No credentials",
                $"No {platform.DisplayName} credentials are stored for this project; there is nothing to delete.");

        var revocation = await platform.RevokeAsync(credential.Secrets, cancellationToken);
        if (revocation.Error is { } error)
        {
            Log.RevocationFailed(logger, type, projectId, error);
        }

        await vault.DeleteAsync(projectId, type, CancellationToken.None);
        Log.CredentialsDeleted(logger, type, projectId, revocation.Revoked);
        return revocation;
    }

    private async Task<ConnectedAccount> ValidateAsync(
        IApiKeyPlatform platform,
        Guid projectId,
        string apiKey,
        CancellationToken cancellationToken)
    {
        try
        {
            return await platform.ValidateKeyAsync(apiKey, cancellationToken);
        }
        catch (PlatformException exception) when (exception.Failure == PlatformFailure.Transient)
        {
            throw new ProblemException(StatusCodes.Status503ServiceUnavailable, "Platform unavailable",
                $"{exception.Message} The key was not stored; try again shortly.");
        }
        catch (PlatformException exception)
        {
            Log.ApiKeyRefused(logger, platform.Type, projectId);
            throw new ProblemException(StatusCodes.Status422UnprocessableEntity, "API key refused",
                $"{platform.DisplayName} refused the API key: {exception.Message}");
        }
    }
}
