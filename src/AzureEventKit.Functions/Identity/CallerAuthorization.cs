using AzureEventKit.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace AzureEventKit.Functions.Identity;

/// <summary>The checks HTTP functions start with: who is calling (401 when nobody), and whether they hold a role (403).</summary>
public static class CallerAuthorization
{
    /// <summary>The signed-in caller, or a 401 problem that says what is missing.</summary>
    public static (CallerPrincipal? Caller, ProblemResult? Problem) Authenticate(HttpRequest request)
    {
        var (caller, problem) = ClientPrincipalReader.Read(request);
        return caller is null ? (null, ProblemResult.Unauthorized(problem!)) : (caller, null);
    }

    /// <summary>The signed-in caller if they hold <paramref name="role"/>; otherwise a 401 or 403 problem.</summary>
    public static (CallerPrincipal? Caller, ProblemResult? Problem) RequireRole(HttpRequest request, string role)
    {
        var (caller, problem) = Authenticate(request);
        if (caller is null)
        {
            return (null, problem);
        }

        return caller.IsInRole(role)
            ? (caller, null)
            : (null, ProblemResult.Forbidden($"This endpoint is for operators: the caller needs the app role '{role}'."));
    }
}
