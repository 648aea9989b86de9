using System.Globalization;
using System.Text;

namespace Connectors.Benchmarks.Hosts;

/// <summary>One Stripe charge of the ingest benchmark: the fields the worker lands and its JSON as served.</summary>
public sealed record Charge(
    string Id,
    long Created,
    long Amount,
    string Currency,
    string Status,
    string Customer,
    byte[] Json);

/// <summary>
/// The charges of the ingest benchmark, newest first, about 500 bytes of JSON each, all created within two days of
/// <c>anchor</c>. The stub platform serves them (and no events: nothing changes) and the COPY baseline writes the
/// same rows.
/// </summary>
public static class ChargeData
{
    private static readonly string[] Names = ["Ada Byron", "Grace Murray", "Alan Kay", "Ken Iverson", "Jean Sammet"];

    public static Charge[] Generate(int count, long anchor)
    {
        var charges = new Charge[count];
        var spacing = 2 * 86_400.0 / Math.Max(count, 1);
        for (var i = 0; i < count; i++)
        {
            charges[i] = Build(i, anchor - (long)(i * spacing));
        }

        return charges;
    }

    private static Charge Build(int index, long created)
    {
        var id = "ch_bench" + index.ToString("D16", CultureInfo.InvariantCulture);
        var amount = 500 + (index * 7919L % 200_000);
        var currency = index % 10 == 0 ? "eur" : "usd";
        var customer = "cus_bench" + (index % 5_000).ToString("D8", CultureInfo.InvariantCulture);
        var name = Names[index % Names.Length];
        var json = string.Create(CultureInfo.InvariantCulture, $$"""
            {"id":"{{id}}","object":"charge","amount":{{amount}},"amount_captured":{{amount}},
            "amount_refunded":0,"balance_transaction":"txn_bench{{index:D16}}",
            "billing_details":{"email":"buyer{{index}}@example.com","name":"{{name}}"},"captured":true,
            "created":{{created}},"currency":"{{currency}}","customer":"{{customer}}",
            "description":"Bench charge {{index}} for order {{index * 31 % 99_991}}","livemode":false,
            "metadata":{"order":"ord_{{index:D10}}"},"paid":true,"payment_method":"pm_bench{{index % 9_973:D8}}",
            "refunded":false,"status":"succeeded"}
            """).ReplaceLineEndings("");
        return new Charge(id, created, amount, currency, "succeeded", customer, Encoding.UTF8.GetBytes(json));
    }
}
