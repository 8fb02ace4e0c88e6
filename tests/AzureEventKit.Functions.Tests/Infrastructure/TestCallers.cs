using System.Text;
using System.Text.Json;

namespace AzureEventKit.Functions.Tests.Infrastructure;

/// <summary>
/// Signed-in callers for HTTP tests: the <c>X-MS-CLIENT-PRINCIPAL</c> header App Service Authentication would inject
/// (base64 of <c>{ auth_typ, claims: [{ typ, val }] }</c>), written out here by hand so the tests pin the wire format.
/// </summary>
public static class TestCallers
{
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>The caller every <see cref="HttpExchange.Request"/> carries unless a test says otherwise.</summary>
    public const string Customer = "customer-1";

    public const string OtherCustomer = "customer-2";

    public const string Operator = "operator-1";

    public const string OperatorRole = "EventKit.Operator";

    /// <summary>The header value for an Entra ID caller with object id <paramref name="userId"/> and <paramref name="roles"/>.</summary>
    public static string Principal(string userId, params string[] roles)
    {
        var claims = new List<object>
        {
            new { typ = "http://schemas.microsoft.com/identity/claims/objectidentifier", val = userId },
            new { typ = "name", val = $"Test user {userId}" },
        };
        claims.AddRange(roles.Select(role => new { typ = "roles", val = role }));
        var json = JsonSerializer.Serialize(new { auth_typ = "aad", name_typ = "name", role_typ = "roles", claims });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }
}
