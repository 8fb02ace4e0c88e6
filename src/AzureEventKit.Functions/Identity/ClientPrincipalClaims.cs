namespace AzureEventKit.Functions.Identity;

/// <summary>
/// The claim types the app reads from the principal. Easy Auth passes the token's claims through, with the long
/// WS-Federation names for some of them (the object id arrives as <see cref="ObjectIdentifier"/>), so both spellings
/// are accepted.
/// </summary>
public static class ClientPrincipalClaims
{
    /// <summary>The Entra object id, as Easy Auth names it for Microsoft Entra ID sign-ins.</summary>
    public const string ObjectIdentifier = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    /// <summary>The Entra object id, short form (access tokens and some clients).</summary>
    public const string ObjectId = "oid";

    /// <summary>A display name (<c>name</c>); for logs only.</summary>
    public const string Name = "name";

    /// <summary>An app role assigned to the caller; one claim per role.</summary>
    public const string Role = "roles";
}
