using System.Text.Json;
using Connectors.Gateway.Authentication;
using Connectors.Gateway.Data;

namespace Connectors.Gateway.Cli;

/// <summary>
/// Operator commands of the gateway's own executable: <c>create-project &lt;name&gt;</c>,
/// <c>create-api-key &lt;projectId&gt;</c>, <c>revoke-api-key &lt;prefix&gt;</c>. Results go to stdout as one JSON
/// line (the only place a key is ever shown); errors go to stderr with a non-zero exit code.
/// </summary>
public sealed class GatewayCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly string[] Names = ["create-project", "create-api-key", "revoke-api-key"];

    private readonly string _name;

    private readonly string? _argument;

    private GatewayCommand(string name, string? argument)
    {
        _name = name;
        _argument = argument;
    }

    /// <summary>The command named by the arguments, or null when the gateway should serve HTTP.</summary>
    public static GatewayCommand? Parse(string[] args) =>
        args.Length > 0 && Names.Contains(args[0], StringComparer.Ordinal)
            ? new GatewayCommand(args[0], args.Length == 2 ? args[1] : null)
            : null;

    public async Task<int> RunAsync(
        IServiceProvider services,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_argument))
        {
            await error.WriteLineAsync(
                "usage: create-project <name> | create-api-key <projectId> | revoke-api-key <prefix>");
            return 2;
        }

        var projects = services.GetRequiredService<IProjectRepository>();
        return _name switch
        {
            "create-project" => await CreateProjectAsync(projects, _argument.Trim(), output, error, cancellationToken),
            "create-api-key" => await CreateApiKeyAsync(projects, _argument, output, error, cancellationToken),
            _ => await RevokeApiKeyAsync(projects, _argument.Trim(), output, error, cancellationToken),
        };
    }

    private static async Task<int> CreateProjectAsync(
        IProjectRepository projects,
        string name,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        if (name.Length > 200)
        {
            await error.WriteLineAsync("The project name must be at most 200 characters.");
            return 2;
        }

        var projectId = Guid.CreateVersion7();
        await projects.CreateAsync(projectId, name, cancellationToken);
        return await IssueAsync(projects, projectId, output, cancellationToken);
    }

    private static async Task<int> CreateApiKeyAsync(
        IProjectRepository projects,
        string argument,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(argument, out var projectId) || !await projects.ExistsAsync(projectId, cancellationToken))
        {
            await error.WriteLineAsync("No project has that id.");
            return 1;
        }

        return await IssueAsync(projects, projectId, output, cancellationToken);
    }

    private static async Task<int> RevokeApiKeyAsync(
        IProjectRepository projects,
        string prefix,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        if (prefix.Length != ApiKeys.PrefixLength || !prefix.StartsWith(ApiKeys.Marker, StringComparison.Ordinal))
        {
            await error.WriteLineAsync(
                $"A key prefix is the first {ApiKeys.PrefixLength} characters of the key "
                + $"(it starts with {ApiKeys.Marker}).");
            return 2;
        }

        var revoked = await projects.RevokeApiKeysAsync(prefix, cancellationToken);
        await output.WriteLineAsync(JsonSerializer.Serialize(new { revoked }, Json));
        if (revoked == 0)
        {
            await error.WriteLineAsync("No live key has that prefix.");
            return 1;
        }

        return 0;
    }

    private static async Task<int> IssueAsync(
        IProjectRepository projects,
        Guid projectId,
        TextWriter output,
        CancellationToken cancellationToken)
    {
        var key = ApiKeys.Issue();
        await projects.AddApiKeyAsync(projectId, key.Id, key.Prefix, key.Hash, cancellationToken);
        await output.WriteLineAsync(JsonSerializer.Serialize(new { projectId, apiKey = key.Key }, Json));
        return 0;
    }
}
