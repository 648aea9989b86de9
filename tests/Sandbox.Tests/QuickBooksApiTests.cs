using System.Net;

namespace Connectors.Sandbox.Tests;

public sealed class QuickBooksApiTests : IDisposable
{
    private readonly SandboxClient _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Query_StartPositionPaging_ReturnsEveryAdminKeyOnce()
    {
        var token = await _sandbox.QuickBooksTokenAsync("9130350000000001");
        var expected = await _sandbox.AdminAsync(HttpMethod.Get, "/quickbooks/accounts/9130350000000001");
        var ids = new List<string>();
        var start = 1;
        int returned;

        do
        {
            var (status, body) = await _sandbox.GetAsync(Query("9130350000000001",
                $"SELECT * FROM Invoice ORDERBY Id STARTPOSITION {start} MAXRESULTS 1000"), token);
            Assert.Equal(HttpStatusCode.OK, status);
            var invoices = body["QueryResponse"]!["Invoice"]?.AsArray() ?? [];
            returned = invoices.Count;
            ids.AddRange(invoices.Select(i => i!["Id"]!.GetValue<string>()));
            start += 1000;
        }
        while (returned == 1000);

        var (_, count) = await _sandbox.GetAsync(
            Query("9130350000000001", "SELECT COUNT(*) FROM Invoice"), token);
        Assert.Equal(1200, ids.Count);
        Assert.Equal(SandboxClient.Keys(expected, "invoices").Order(), ids.Order());
        Assert.Equal(1200, count["QueryResponse"]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Cdc_AfterUpdateAndDeleteMutation_ShowsChangesAndDeletedStub()
    {
        var token = await _sandbox.QuickBooksTokenAsync("9130350000000002");
        var since = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ssK",
            System.Globalization.CultureInfo.InvariantCulture);

        var mutation = await _sandbox.AdminAsync(HttpMethod.Post, "/quickbooks/accounts/9130350000000002/mutations",
            new { stream = "customers", update = 2, delete = 1 });
        var (status, body) = await _sandbox.GetAsync(
            "/intuit/quickbooks/v3/company/9130350000000002/cdc?entities=Customer"
                + $"&changedSince={Uri.EscapeDataString(since)}&minorversion=75",
            token);
        var account = await _sandbox.AdminAsync(HttpMethod.Get, "/quickbooks/accounts/9130350000000002");

        Assert.Equal(HttpStatusCode.OK, status);
        var customers = body["CDCResponse"]![0]!["QueryResponse"]![0]!["Customer"]!.AsArray();
        var deletedId = mutation["deleted"]![0]!.GetValue<string>();
        var stub = Assert.Single(customers, c => c!["status"]?.GetValue<string>() == "Deleted");
        Assert.Equal(deletedId, stub!["Id"]!.GetValue<string>());
        Assert.Equal(
            mutation["updated"]!.AsArray().Select(k => k!.GetValue<string>()).Append(deletedId).Order(),
            customers.Select(c => c!["Id"]!.GetValue<string>()).Order());
        Assert.DoesNotContain(deletedId, SandboxClient.Keys(account, "customers"));
        Assert.Equal(149, account["streams"]!["customers"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Query_MinorVersionBelow75_RefusedWithValidationFault()
    {
        var token = await _sandbox.QuickBooksTokenAsync("9130350000000003");

        var (status, body) = await _sandbox.GetAsync(
            "/intuit/quickbooks/v3/company/9130350000000003/query?query=SELECT%20*%20FROM%20Customer&minorversion=65",
            token);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationFault", body["Fault"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Query_BeyondConfiguredRate_Answers429FaultWithIntuitTid()
    {
        await _sandbox.AdminAsync(
            HttpMethod.Put, "/quickbooks/accounts/9130350000000004", new { limits = new { requestsPerMinute = 3 } });
        var token = await _sandbox.QuickBooksTokenAsync("9130350000000004");
        var path = Query("9130350000000004", "SELECT * FROM Customer MAXRESULTS 5");
        for (var i = 0; i < 3; i++)
        {
            await _sandbox.GetAsync(path, token);
        }

        var (status, body, headers) = await _sandbox.GetWithHeadersAsync(path, token);

        Assert.Equal((HttpStatusCode)429, status);
        Assert.Equal("003001", body["Fault"]!["Error"]![0]!["code"]!.GetValue<string>());
        Assert.NotEmpty(headers.GetValues("intuit_tid").Single());
    }

    [Fact]
    public async Task Query_UnknownToken_Answers401AuthenticationFault()
    {
        var (status, body, headers) = await _sandbox.GetWithHeadersAsync(
            Query("9130350000000005", "SELECT * FROM Payment"), "not-a-token");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("AuthenticationFault", body["Fault"]!["type"]!.GetValue<string>());
        Assert.True(headers.Contains("intuit_tid"));
    }

    [Fact]
    public async Task Query_NoMatch_AnswersEmptyQueryResponse()
    {
        var token = await _sandbox.QuickBooksTokenAsync("9130350000000006");

        var (status, body) = await _sandbox.GetAsync(
            Query("9130350000000006", "SELECT * FROM Payment WHERE MetaData.LastUpdatedTime > '2100-01-01T00:00:00Z'"),
            token);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(body["QueryResponse"]!.AsObject());
        Assert.NotNull(body["time"]);
    }

    private static string Query(string realm, string statement) =>
        $"/intuit/quickbooks/v3/company/{realm}/query?query={Uri.EscapeDataString(statement)}&minorversion=75";
}
