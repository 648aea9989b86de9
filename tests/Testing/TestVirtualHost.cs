using Xunit;
using System.Net.Http.Headers;
using System.Text;

namespace Connectors.Testing;

/// <summary>
/// A fresh RabbitMQ virtual host on the test broker, deleted on dispose, so that exchanges and queues of one test
/// class never receive another's messages.
/// </summary>
/// <param name="amqp">The broker; <see cref="TestServers.Amqp"/> when null.</param>
/// <param name="management">Its management API; <see cref="TestServers.RabbitManagement"/> when null.</param>
public sealed class TestVirtualHost(Uri? amqp = null, Uri? management = null) : IAsyncLifetime
{
    private readonly Uri _amqp = amqp ?? TestServers.Amqp;
    private readonly HttpClient _management = CreateManagementClient(management ?? TestServers.RabbitManagement);

    public string Name { get; } = "test-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>The amqp:// URI of the virtual host, for <c>ConnectionStrings:RabbitMq</c>.</summary>
    public Uri Amqp => new UriBuilder(_amqp) { Path = "/" + Name }.Uri;

    public async Task InitializeAsync()
    {
        (await _management.PutAsync($"api/vhosts/{Name}", null)).EnsureSuccessStatusCode();
        var permissions = new StringContent(
            """{"configure":".*","write":".*","read":".*"}""",
            Encoding.UTF8,
            "application/json");
        (await _management.PutAsync($"api/permissions/{Name}/guest", permissions)).EnsureSuccessStatusCode();
    }

    /// <summary>How many messages wait in a queue of this virtual host (0 when the queue does not exist).</summary>
    public async Task<long> MessagesReadyAsync(string queue)
    {
        var response = await _management.GetAsync($"api/queues/{Name}/{Uri.EscapeDataString(queue)}");
        if (!response.IsSuccessStatusCode)
        {
            return 0;
        }

        using var document = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.TryGetProperty("messages_ready", out var ready) ? ready.GetInt64() : 0;
    }

    public async Task DisposeAsync()
    {
        await _management.DeleteAsync($"api/vhosts/{Name}");
        _management.Dispose();
    }

    private static HttpClient CreateManagementClient(Uri uri)
    {
        var client = new HttpClient { BaseAddress = new UriBuilder(uri) { UserName = "", Password = "" }.Uri };
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(uri.UserInfo)));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        return client;
    }
}
