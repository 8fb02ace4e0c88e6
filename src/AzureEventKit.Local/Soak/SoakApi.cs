namespace AzureEventKit.Local.Soak;

/// <summary>The orders API of whichever functions host is running now: a crash replaces the host, and its address with it.</summary>
internal sealed class SoakApi(LocalStack stack) : IDisposable
{
    private readonly Lock gate = new();
    private readonly List<HttpClient> clients = [];
    private EventKit.Functions.Testing.FunctionsTestHost? host;
    private OrdersClient? current;

    public OrdersClient Current
    {
        get
        {
            lock (gate)
            {
                if (current is null || !ReferenceEquals(host, stack.Host))
                {
                    host = stack.Host;
                    var http = host.CreateHttpClient();
                    clients.Add(http);
                    current = new OrdersClient(http, new LocalPaymentProvider(new Azure.Data.Tables.TableServiceClient(stack.Azurite.ConnectionString)));
                }

                return current;
            }
        }
    }

    public void Dispose()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }
}
