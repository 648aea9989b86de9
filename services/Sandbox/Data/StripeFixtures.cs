using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Connectors.Sandbox.Data;

/// <summary>Stripe's published sample objects, loaded once; every served object starts as a clone of one.</summary>
internal sealed class StripeFixtures
{
    private const string RelativePath = "shared/specs/stripe/fixtures3.json";
    private const string ResourceName = "stripe-fixtures3.json";

    private readonly JsonObject _resources;

    public StripeFixtures(
        IOptions<SandboxOptions> options, IHostEnvironment environment, ILogger<StripeFixtures> logger)
    {
        var (source, text) = Load(options.Value.StripeFixturesPath, environment.ContentRootPath);
        Log.FixturesLoaded(logger, source);
        _resources = JsonNode.Parse(text)!["resources"]!.AsObject();
    }

    public JsonObject Clone(string resource) => _resources[resource]!.DeepClone().AsObject();

    private static (string Source, string Text) Load(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return (configured, File.ReadAllText(configured));
        }

        if (FindBesideRepo(contentRoot) is { } found)
        {
            return (found, File.ReadAllText(found));
        }

        using var stream = typeof(StripeFixtures).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The embedded Stripe fixtures are missing.");
        using var reader = new StreamReader(stream);
        return ("embedded resource", reader.ReadToEnd());
    }

    private static string? FindBesideRepo(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
