using Connectors.Contracts;

namespace Connectors.OAuth.Platforms;

/// <summary>Google Ads: the account is the first accessible customer, named by its descriptive name.</summary>
public sealed class GoogleAdsPlatform(PlatformContext context) : GooglePlatform(context)
{
    private const string CustomerQuery = "SELECT customer.id, customer.descriptive_name FROM customer";

    public override string Type => ConnectorTypes.GoogleAds;

    public override string DisplayName => "Google Ads";

    public override async Task<ConnectedAccount> LookUpAccountAsync(
        TokenGrant grant,
        CancellationToken cancellationToken)
    {
        var api = $"{Options.ApiBaseUrl.TrimEnd('/')}/{Options.ApiVersion}";
        var list = await ApiAsync(
            Request(HttpMethod.Get, $"{api}/customers:listAccessibleCustomers", grant),
            "the list of accessible customers",
            cancellationToken);
        var customerId = list.First("resourceNames")?.GetString()?.Split('/').Last()
            ?? throw new PlatformException(
                PlatformFailure.Rejected, "This Google login reaches no Google Ads account.");

        var search = Request(HttpMethod.Post, $"{api}/customers/{customerId}/googleAds:search", grant);
        search.Content = JsonContent.Create(new { query = CustomerQuery });
        var found = await ApiAsync(search, "the customer's details", cancellationToken);
        var name = found.First("results")?.Property("customer")?.String("descriptiveName");
        return new ConnectedAccount(
            string.IsNullOrWhiteSpace(name) ? $"Google Ads {customerId}" : name,
            customerId,
            new Dictionary<string, string>());
    }

    private HttpRequestMessage Request(HttpMethod method, string url, TokenGrant grant)
    {
        var request = PlatformHttp.Bearer(method, url, grant.AccessToken);
        if (!string.IsNullOrWhiteSpace(Options.DeveloperToken))
        {
            request.Headers.Add("developer-token", Options.DeveloperToken);
        }

        return request;
    }
}
