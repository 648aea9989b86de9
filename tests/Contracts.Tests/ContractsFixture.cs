using System.Diagnostics;
using System.Net.Http.Headers;
using Connectors.Testing;

namespace Connectors.ContractChecks;

/// <summary>
/// The running product with the platform APIs it calls routed through third-party validating proxies in front
/// of the sandbox: Prism for Stripe and the two Google Analytics hosts, protobufjs for Google Ads, Ajv for the
/// Meta Graph API and xmllint (Intuit's XML Schema) for QuickBooks. The proxies' ports are chosen first so the
/// services can be pointed at them; the proxies start once the sandbox's port is known.
/// </summary>
public sealed class ContractsFixture : IAsyncLifetime
{
    private readonly string _generated =
        Path.Combine(Path.GetTempPath(), "connectors-contracts-" + Guid.NewGuid().ToString("N"));

    public ContractsFixture()
    {
        Stripe = new PrismProxy("stripe", Path.Combine(_generated, "stripe.json"));
        AnalyticsData = new PrismProxy("analyticsdata", Path.Combine(_generated, "analyticsdata.json"));
        AnalyticsAdmin = new PrismProxy("analyticsadmin", Path.Combine(_generated, "analyticsadmin.json"));
        GoogleAds = new AdapterProxy(
            "google-ads", "google-ads-proxy.mjs", Path.Combine(ContractTools.Specs, "google-ads-v25"));
        Meta = new AdapterProxy(
            "meta-graph", "meta-graph-proxy.mjs", Path.Combine(ContractTools.Specs, "meta-marketing"));
        QuickBooks = new AdapterProxy(
            "quickbooks-xsd", "quickbooks-xsd-proxy.mjs", Path.Combine(ContractTools.Specs, "quickbooks"));
        System = new RunningSystem(new Dictionary<string, string>
        {
            ["Platforms__stripe__ApiBaseUrl"] = Stripe.Url.ToString(),
            ["Platforms__google_analytics__ApiBaseUrl"] = AnalyticsData.Url.ToString(),
            ["Platforms__google_analytics__AdminApiBaseUrl"] = AnalyticsAdmin.Url.ToString(),
            ["Platforms__google_ads__ApiBaseUrl"] = GoogleAds.Url.ToString(),
            ["Platforms__meta_ads__ApiBaseUrl"] = Meta.Url.ToString(),
            ["Platforms__quickbooks__ApiBaseUrl"] = QuickBooks.Url.ToString(),
            // Small pages and an early switch to Meta's report runs, so paging and every Meta call are exercised.
            ["Sync__StripePageSize"] = "10",
            ["Workers__MetaAsyncThresholdDays"] = "7",
            ["Workers__MetaReportPollInterval"] = "00:00:00.200",
            ["Sync__QuickBooksPageSize"] = "10",
        });
    }

    public RunningSystem System { get; }

    public PrismProxy Stripe { get; }

    public PrismProxy AnalyticsData { get; }

    public PrismProxy AnalyticsAdmin { get; }

    public AdapterProxy GoogleAds { get; }

    public AdapterProxy Meta { get; }

    public AdapterProxy QuickBooks { get; }

    public IEnumerable<ValidatingProxy> Proxies =>
        [Stripe, AnalyticsData, AnalyticsAdmin, GoogleAds, Meta, QuickBooks];

    public DownstreamConsumer Completions { get; } = new();

    public SandboxAdmin Sandbox { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ContractTools.EnsureInstalled();
        await PrepareSpecsAsync();
        var sandbox = System.Sandbox.ToString().TrimEnd('/');
        var logs = System.LogsDirectory;
        await Task.WhenAll(
            System.InitializeAsync(),
            Stripe.StartAsync(new Uri($"{sandbox}/stripe/api"), logs),
            AnalyticsData.StartAsync(new Uri($"{sandbox}/google/analyticsdata"), logs),
            AnalyticsAdmin.StartAsync(new Uri($"{sandbox}/google/analyticsadmin"), logs),
            GoogleAds.StartAsync(new Uri($"{sandbox}/google/ads"), logs),
            Meta.StartAsync(new Uri($"{sandbox}/meta/graph"), logs),
            QuickBooks.StartAsync(new Uri($"{sandbox}/intuit/quickbooks"), logs));
        await Completions.StartAsync(System.VirtualHost.Amqp, "contracts-completions");
        Sandbox = new SandboxAdmin(System.Sandbox);
    }

    /// <summary>An API client of a new project, authenticated with the project's key.</summary>
    public async Task<(Project Project, HttpClient Api)> NewProjectAsync(string name)
    {
        var project = await System.CreateProjectAsync(name);
        var api = new HttpClient { BaseAddress = System.Gateway, Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", project.ApiKey);
        return (project, api);
    }

    public async Task DisposeAsync()
    {
        Sandbox?.Dispose();
        await Completions.DisposeAsync();
        foreach (var proxy in Proxies)
        {
            await proxy.DisposeAsync();
        }

        await System.DisposeAsync();
        if (Directory.Exists(_generated))
        {
            Directory.Delete(_generated, recursive: true);
        }
    }

    private async Task PrepareSpecsAsync()
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = ContractTools.Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("prepare-specs.mjs");
        info.ArgumentList.Add(ContractTools.Specs);
        info.ArgumentList.Add(_generated);
        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"prepare-specs.mjs failed ({process.ExitCode}): {await errors}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ContractsCollection : ICollectionFixture<ContractsFixture>
{
    public const string Name = "contract checks";
}
