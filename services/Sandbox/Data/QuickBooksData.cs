using System.Globalization;
using System.Text.Json.Nodes;
using Connectors.Sandbox.State;

namespace Connectors.Sandbox.Data;

/// <summary>One QuickBooks entity with the values its query grammar filters and sorts on.</summary>
internal sealed record QbRecord(
    long Id, DateTimeOffset Created, DateTimeOffset Updated, DateOnly? TxnDate, string? DisplayName, bool Active,
    JsonObject Body);

/// <summary>A deleted entity as change data capture reports it.</summary>
internal sealed record QbDeleted(string Id, DateTimeOffset DeletedAt);

/// <summary>Customers, invoices and payments of a QuickBooks company (Finance.xsd names), plus a fixed chart of
/// accounts; times are written with the company's -07:00 offset.</summary>
internal static class QuickBooksData
{
    public static readonly Dictionary<string, int> DefaultSizes = new()
    {
        ["invoices"] = 1200,
        ["customers"] = 150,
        ["payments"] = 800,
    };

    private static readonly Dictionary<string, string> EntityStreams = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Invoice"] = "invoices",
        ["Customer"] = "customers",
        ["Payment"] = "payments",
        ["Account"] = "accounts",
    };

    private static readonly TimeSpan Offset = TimeSpan.FromHours(-7);

    private static readonly string[] GivenNames = ["Amy", "Bill", "Cool", "Dylan", "Freeman", "Geeta", "Jeff", "Kate"];

    private static readonly string[] FamilyNames =
        ["Lauterbach", "Lucchini", "Sorensen", "Chin", "Kalapatapu", "Whelan"];

    private static readonly string[] Items =
        ["Services", "Hours", "Design", "Installation", "Gardening", "Pest Control"];

    private static readonly (string Name, string Type, string SubType, string Classification)[] Chart =
    [
        ("Checking", "Bank", "Checking", "Asset"),
        ("Savings", "Bank", "Savings", "Asset"),
        ("Accounts Receivable (A/R)", "Accounts Receivable", "AccountsReceivable", "Asset"),
        ("Undeposited Funds", "Other Current Asset", "UndepositedFunds", "Asset"),
        ("Accounts Payable (A/P)", "Accounts Payable", "AccountsPayable", "Liability"),
        ("Services", "Income", "ServiceFeeIncome", "Revenue"),
        ("Sales of Product Income", "Income", "SalesOfProductIncome", "Revenue"),
        ("Advertising", "Expense", "AdvertisingPromotional", "Expense"),
    ];

    public static string? StreamOf(string entity) => EntityStreams.GetValueOrDefault(entity);

    public static string EntityOf(string stream) =>
        EntityStreams.First(e => e.Value == stream).Key;

    public static string Time(DateTimeOffset time) =>
        time.ToOffset(Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static string Now(DateTimeOffset now) =>
        now.ToOffset(Offset).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    public static int BaseCount(Account account, string stream) => account.Size(stream, DefaultSizes[stream]);

    public static long FirstId(string stream) => stream == "customers" ? 1 : 1001;

    /// <summary>Every live record of a stream, in id order (deleted ones left out).</summary>
    public static IReadOnlyList<QbRecord> Records(Account account, string stream)
    {
        if (stream == "accounts")
        {
            return Accounts(account);
        }

        var changes = account.ChangesOf(stream);
        var baseCount = BaseCount(account, stream);
        var total = baseCount + changes.Created.Count;
        return Enumerable.Range(0, total)
            .Where(i => !changes.Deleted.ContainsKey(Key(stream, i)))
            .Select(i => Build(account, stream, i, baseCount, changes))
            .ToList();
    }

    public static IEnumerable<string> Keys(Account account, string stream) =>
        Records(account, stream).Select(r => r.Id.ToString(CultureInfo.InvariantCulture));

    public static IReadOnlyList<QbDeleted> Deleted(Account account, string stream) =>
        stream == "accounts"
            ? []
            : account.ChangesOf(stream).Deleted.Select(d => new QbDeleted(d.Key, d.Value)).ToList();

    private static string Key(string stream, int index) =>
        (FirstId(stream) + index).ToString(CultureInfo.InvariantCulture);

    private static QbRecord Build(Account account, string stream, int index, int baseCount, StreamChanges changes)
    {
        var seed = account.Seed;
        var key = Key(stream, index);
        var span = TimeSpan.FromDays(365).Ticks / Math.Max(baseCount, 1);
        var created = index < baseCount
            ? account.Anchor.AddTicks(-span * (baseCount - index))
                .AddMinutes(Deterministic.Range(seed, "qb-" + stream, index, 0, 600))
            : changes.Created[index - baseCount];
        var change = changes.For(key);
        var untilAnchor = Math.Max(0, (int)(account.Anchor - created).TotalMinutes);
        var updated = change?.At ?? created.AddMinutes(
            Deterministic.Range(seed, "qb-upd-" + stream, index, 0, Math.Min(untilAnchor, 43_200) + 1));
        var revision = change?.Version ?? 0;
        var body = new JsonObject
        {
            ["Id"] = key,
            ["SyncToken"] = revision.ToString(CultureInfo.InvariantCulture),
            ["MetaData"] = new JsonObject { ["CreateTime"] = Time(created), ["LastUpdatedTime"] = Time(updated) },
            ["domain"] = "QBO",
            ["sparse"] = false,
        };
        var txnDate = DateOnly.FromDateTime(created.ToOffset(Offset).DateTime);
        string? displayName = null;
        switch (stream)
        {
            case "customers":
                displayName = Customer(account, index, revision, body);
                break;
            case "invoices":
                Invoice(account, index, revision, txnDate, body);
                break;
            default:
                Payment(account, index, revision, txnDate, body);
                break;
        }

        return new QbRecord(long.Parse(key, CultureInfo.InvariantCulture), created, updated,
            stream == "customers" ? null : txnDate, displayName, true, body);
    }

    private static string Customer(Account account, int i, int revision, JsonObject body)
    {
        var (given, family, display) = CustomerName(account, i);
        body["GivenName"] = given;
        body["FamilyName"] = family;
        body["DisplayName"] = display;
        body["FullyQualifiedName"] = display;
        body["PrintOnCheckName"] = display;
        body["CompanyName"] = $"{family} {(i % 2 == 0 ? "Services" : "Holdings")}";
        body["PrimaryEmailAddr"] = new JsonObject
        {
            ["Address"] = $"{given}.{family}.{i + 1}@example.com".ToLowerInvariant(),
        };
        body["Active"] = true;
        body["Taxable"] = false;
        body["Job"] = false;
        body["BillWithParent"] = false;
        body["Balance"] = Deterministic.Range(account.Seed, "qb-cbal", i, 0, 500_000) / 100m + revision * 10;
        body["BalanceWithJobs"] = body["Balance"]!.DeepClone();
        body["CurrencyRef"] = Currency();
        body["PreferredDeliveryMethod"] = "Email";
        return display;
    }

    private static (string Given, string Family, string Display) CustomerName(Account account, int i)
    {
        var given = GivenNames[Deterministic.Range(account.Seed, "qb-gn", i, 0, GivenNames.Length)];
        var family = FamilyNames[Deterministic.Range(account.Seed, "qb-fn", i, 0, FamilyNames.Length)];
        return (given, family, $"{given} {family} {i + 1}");
    }

    private static JsonObject CustomerRef(Account account, int i)
    {
        var customers = Math.Max(1, BaseCount(account, "customers"));
        var index = i % customers;
        return new JsonObject
        {
            ["value"] = Key("customers", index),
            ["name"] = CustomerName(account, index).Display,
        };
    }

    private static void Invoice(Account account, int i, int revision, DateOnly txnDate, JsonObject body)
    {
        var seed = account.Seed;
        var lines = new JsonArray();
        var total = 0m;
        var count = Deterministic.Range(seed, "qb-lines", i, 1, 4);
        for (var l = 0; l < count; l++)
        {
            var quantity = Deterministic.Range(seed, "qb-qty" + l, i, 1, 12);
            var price = Deterministic.Range(seed, "qb-price" + l, i, 2_000, 40_000) / 100m;
            var item = Items[Deterministic.Range(seed, "qb-item" + l, i, 0, Items.Length)];
            total += quantity * price;
            lines.Add(new JsonObject
            {
                ["Id"] = (l + 1).ToString(CultureInfo.InvariantCulture),
                ["LineNum"] = l + 1,
                ["Description"] = item,
                ["Amount"] = quantity * price,
                ["DetailType"] = "SalesItemLineDetail",
                ["SalesItemLineDetail"] = new JsonObject
                {
                    ["ItemRef"] = new JsonObject
                    {
                        ["value"] = (l + 1).ToString(CultureInfo.InvariantCulture),
                        ["name"] = item,
                    },
                    ["UnitPrice"] = price,
                    ["Qty"] = quantity,
                    ["TaxCodeRef"] = new JsonObject { ["value"] = "NON" },
                },
            });
        }

        lines.Add(new JsonObject
        {
            ["Amount"] = total,
            ["DetailType"] = "SubTotalLineDetail",
            ["SubTotalLineDetail"] = new JsonObject(),
        });
        var paid = revision > 0 || Deterministic.Range(seed, "qb-paid", i, 0, 3) == 0;
        body["DocNumber"] = (1001 + i).ToString(CultureInfo.InvariantCulture);
        body["TxnDate"] = txnDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        body["DueDate"] = txnDate.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        body["CurrencyRef"] = Currency();
        body["CustomerRef"] = CustomerRef(account, i);
        body["Line"] = lines;
        body["TotalAmt"] = total;
        body["Balance"] = paid ? 0m : total;
        body["EmailStatus"] = "EmailSent";
        body["PrintStatus"] = "NotSet";
    }

    private static void Payment(Account account, int i, int revision, DateOnly txnDate, JsonObject body)
    {
        var invoices = Math.Max(1, BaseCount(account, "invoices"));
        var amount = Deterministic.Range(account.Seed, "qb-pay", i, 1_000, 300_000) / 100m;
        body["TxnDate"] = txnDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        body["CurrencyRef"] = Currency();
        body["CustomerRef"] = CustomerRef(account, i);
        body["TotalAmt"] = amount;
        body["UnappliedAmt"] = revision * 5m;
        body["ProcessPayment"] = false;
        body["Line"] = new JsonArray(new JsonObject
        {
            ["Amount"] = amount,
            ["LinkedTxn"] = new JsonArray(new JsonObject
            {
                ["TxnId"] = Key("invoices", i % invoices),
                ["TxnType"] = "Invoice",
            }),
        });
    }

    private static List<QbRecord> Accounts(Account account)
    {
        var created = account.Anchor.AddDays(-700);
        return Chart.Select((a, i) => new QbRecord(
            i + 1,
            created,
            created,
            null,
            a.Name,
            true,
            new JsonObject
            {
                ["Id"] = (i + 1).ToString(CultureInfo.InvariantCulture),
                ["SyncToken"] = "0",
                ["MetaData"] = new JsonObject { ["CreateTime"] = Time(created), ["LastUpdatedTime"] = Time(created) },
                ["Name"] = a.Name,
                ["FullyQualifiedName"] = a.Name,
                ["SubAccount"] = false,
                ["Active"] = true,
                ["Classification"] = a.Classification,
                ["AccountType"] = a.Type,
                ["AccountSubType"] = a.SubType,
                ["CurrentBalance"] = Deterministic.Range(account.Seed, "qb-acct", i, 0, 2_000_000) / 100m,
                ["CurrencyRef"] = Currency(),
                ["domain"] = "QBO",
                ["sparse"] = false,
            })).ToList();
    }

    private static JsonObject Currency() => new() { ["value"] = "USD", ["name"] = "United States Dollar" };
}
