namespace AzureEventKit.Functions.Identity;

/// <summary>
/// The authenticated caller of an HTTP function, as App Service Authentication (Easy Auth) describes it in the
/// <c>X-MS-CLIENT-PRINCIPAL</c> header. <see cref="UserId"/> is the Entra object id: stable for the user across sign-ins
/// and apps in the tenant, which is why orders are owned by it (a name or e-mail can change or be reused).
/// </summary>
/// <param name="UserId">The Entra object id (<c>oid</c>): the customer id of every order the caller places.</param>
/// <param name="Name">A display name, for logs only; never used to decide access.</param>
/// <param name="IdentityProvider">The provider that signed the caller in (<c>aad</c> for Microsoft Entra ID).</param>
/// <param name="Roles">The app roles assigned to the caller (the <c>roles</c> claims).</param>
public sealed record CallerPrincipal(string UserId, string? Name, string IdentityProvider, IReadOnlyList<string> Roles)
{
    /// <summary>The app role that opens the operator endpoints (the dead-letter API). Define it on the app registration.</summary>
    public const string OperatorRole = "EventKit.Operator";

    /// <summary>Whether the caller holds <paramref name="role"/>; app role values are compared exactly, as Entra issues them.</summary>
    public bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);
}
