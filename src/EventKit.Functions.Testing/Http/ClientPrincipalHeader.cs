using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace EventKit.Functions.Testing.Http;

/// <summary>
/// The <c>X-MS-CLIENT-PRINCIPAL</c> header that App Service Authentication (Easy Auth) injects for a signed-in caller,
/// so that local runs and tests drive the app's real authorization code. The kit passes the header through to the
/// functions only from loopback peers: in Azure the platform strips a client's copy and writes its own, and the kit,
/// which has no such front door, refuses the header from anywhere else (400) rather than trust it.
/// </summary>
public static class ClientPrincipalHeader
{
    /// <summary>The header name.</summary>
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>The claim type Easy Auth uses for the Microsoft Entra object id.</summary>
    public const string ObjectIdClaimType = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    /// <summary>
    /// A header value for a Microsoft Entra ID caller: base64 of <c>{ auth_typ: "aad", name_typ, role_typ, claims }</c>
    /// with the object id, a <c>name</c> claim and one <c>roles</c> claim per app role.
    /// </summary>
    /// <param name="objectId">The caller's object id (in Entra ID a GUID; any key-safe string locally).</param>
    /// <param name="name">A display name; defaults to the object id.</param>
    /// <param name="roles">App roles, for example an operator role.</param>
    public static string Create(string objectId, string? name = null, params IEnumerable<string> roles)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectId);
        var claims = new List<Dictionary<string, string>>
        {
            new() { ["typ"] = ObjectIdClaimType, ["val"] = objectId },
            new() { ["typ"] = "name", ["val"] = name ?? objectId },
        };
        claims.AddRange(roles.Select(static role => new Dictionary<string, string> { ["typ"] = "roles", ["val"] = role }));
        var principal = new Dictionary<string, object> { ["auth_typ"] = "aad", ["name_typ"] = "name", ["role_typ"] = "roles", ["claims"] = claims };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(principal)));
    }

    /// <summary>
    /// Whether the kit refuses the request: it carries the header and comes from a peer that is not loopback. An
    /// in-memory request (no remote address, as with TestServer) never left the process and is accepted.
    /// </summary>
    internal static bool IsRefused(HttpContext http) =>
        http.Request.Headers.ContainsKey(HeaderName)
        && http.Connection.RemoteIpAddress is { } remote
        && !IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
}
