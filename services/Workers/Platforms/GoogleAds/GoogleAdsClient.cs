using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Connectors.Contracts;
using Connectors.ServiceDefaults.Platforms;
using Connectors.Workers.Http;
using Connectors.Workers.Tokens;
using Microsoft.Extensions.Options;

namespace Connectors.Workers.Platforms.GoogleAds;

/// <summary>One page of <c>googleAds:search</c>: rows in lowerCamelCase JSON, int64 values as strings.</summary>
public sealed record GoogleAdsPage(IReadOnlyList<JsonElement>? Results, string? NextPageToken);

/// <summary>The Google Ads REST API: <c>POST {ApiBaseUrl}/{ApiVersion}/customers/{id}/googleAds:search</c>.</summary>
public sealed class GoogleAdsClient(HttpClient http, IOptionsMonitor<PlatformOptions> platforms, PlatformCaller caller)
{
    /// <summary>The token metadata key naming the manager account the customer is reached through.</summary>
    public const string LoginCustomerIdKey = "loginCustomerId";

    private readonly PlatformOptions _options = platforms.Get(ConnectorTypes.GoogleAds);

    public Task<GoogleAdsPage> SearchAsync(
        AccessSession session,
        string customerId,
        string query,
        string? pageToken,
        CancellationToken cancellationToken)
    {
        var path = $"{_options.ApiVersion}/customers/{customerId}/googleAds:search";
        var body = new SearchRequest(query, pageToken);
        var loginCustomerId = Digits(session.Token.MetadataValue(LoginCustomerIdKey));
        var what = pageToken is null ? "a report's first page" : "a report page";
        return caller.SendAsync<GoogleAdsPage>(
            new PlatformCall(http, session, GoogleAdsErrors.Instance, what, token =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                if (!string.IsNullOrWhiteSpace(_options.DeveloperToken))
                {
                    request.Headers.Add("developer-token", _options.DeveloperToken);
                }

                if (loginCustomerId is not null)
                {
                    request.Headers.Add("login-customer-id", loginCustomerId);
                }

                return request;
            }),
            cancellationToken);
    }

    /// <summary>Google wants customer ids as digits only (no dashes).</summary>
    public static string? Digits(string? id)
    {
        var digits = new string([.. (id ?? "").Where(char.IsAsciiDigit)]);
        return digits.Length > 0 ? digits : null;
    }

    private sealed record SearchRequest(
        [property: JsonPropertyName("query")] string Query,
        [property: JsonPropertyName("pageToken"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        string? PageToken);
}
