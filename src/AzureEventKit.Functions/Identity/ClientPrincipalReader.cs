using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace AzureEventKit.Functions.Identity;

/// <summary>
/// Reads the caller from the <c>X-MS-CLIENT-PRINCIPAL</c> header: base64 of a JSON object with <c>auth_typ</c>,
/// <c>name_typ</c>, <c>role_typ</c> and <c>claims</c> (<c>[{ "typ": ..., "val": ... }]</c>).
/// </summary>
/// <remarks>
/// TRUST: the header is trustworthy only because App Service Authentication sits in front of the app in Azure: it
/// validates the caller's token, removes any <c>X-MS-*</c> header the client sent, and injects its own. Anywhere else a
/// client can write the header, so the app must never be exposed without Easy Auth (infra/modules/functionapp.bicep turns
/// it on), and the local host of the kit refuses the header from any address but loopback.
/// </remarks>
public static partial class ClientPrincipalReader
{
    /// <summary>The header App Service Authentication injects.</summary>
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>A decoded header larger than this is refused; a real principal is a few KiB at most.</summary>
    public const int MaxHeaderLength = 16 * 1024;

    /// <summary>
    /// The caller, or null with the reason when the request carries no usable principal. The user id must be usable as
    /// a table key (letters, digits, '-' or '_', at most 64), which every Entra object id (a GUID) is.
    /// </summary>
    public static (CallerPrincipal? Caller, string? Problem) Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[HeaderName].ToString();
        if (header.Length == 0)
        {
            return (null, $"Sign in first: the request carries no {HeaderName} (App Service Authentication adds it for a signed-in caller).");
        }

        if (header.Length > MaxHeaderLength)
        {
            return (null, $"{HeaderName} is longer than {MaxHeaderLength} characters.");
        }

        byte[] json;
        try
        {
            json = Convert.FromBase64String(header);
        }
        catch (FormatException)
        {
            return (null, $"{HeaderName} is not base64.");
        }

        try
        {
            return Parse(json);
        }
        catch (JsonException)
        {
            return (null, $"{HeaderName} is not a JSON client principal.");
        }
    }

    private static (CallerPrincipal? Caller, string? Problem) Parse(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
        {
            return (null, $"{HeaderName} has no claims array.");
        }

        var provider = root.TryGetProperty("auth_typ", out var authType) && authType.ValueKind == JsonValueKind.String ? authType.GetString()! : string.Empty;
        var roleType = root.TryGetProperty("role_typ", out var declaredRoleType) && declaredRoleType.ValueKind == JsonValueKind.String ? declaredRoleType.GetString()! : ClientPrincipalClaims.Role;
        string? userId = null;
        string? name = null;
        var roles = new List<string>();
        foreach (var claim in claims.EnumerateArray())
        {
            if (claim.ValueKind != JsonValueKind.Object
                || !claim.TryGetProperty("typ", out var typeElement) || typeElement.ValueKind != JsonValueKind.String
                || !claim.TryGetProperty("val", out var valueElement) || valueElement.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var type = typeElement.GetString()!;
            var value = valueElement.GetString()!;
            if (type is ClientPrincipalClaims.ObjectIdentifier or ClientPrincipalClaims.ObjectId)
            {
                userId ??= value;
            }
            else if (type == ClientPrincipalClaims.Name)
            {
                name ??= value;
            }
            else if (type == roleType || type == ClientPrincipalClaims.Role)
            {
                roles.Add(value);
            }
        }

        if (userId is null)
        {
            return (null, $"{HeaderName} has no object id claim ('{ClientPrincipalClaims.ObjectIdentifier}' or '{ClientPrincipalClaims.ObjectId}').");
        }

        return UserIdPattern().IsMatch(userId)
            ? (new CallerPrincipal(userId, name, provider, roles), null)
            : (null, $"{HeaderName} has an object id that is not 1 to 64 letters, digits, '-' or '_'.");
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex UserIdPattern();
}
