namespace AzureEventKit.Infra.Tests;

/// <summary>Reads Azure resource IDs.</summary>
internal static class ResourceIds
{
    private const string RoleAssignmentSegment = "/providers/Microsoft.Authorization/roleAssignments/";

    /// <summary>The resource a role assignment is scoped to: its ID up to /providers/Microsoft.Authorization/roleAssignments.</summary>
    public static string ScopeOfRoleAssignment(string roleAssignmentId)
    {
        var at = roleAssignmentId.LastIndexOf(RoleAssignmentSegment, StringComparison.OrdinalIgnoreCase);
        Assert.True(at > 0, $"not an extension role assignment ID: {roleAssignmentId}");
        return roleAssignmentId[..at];
    }

    /// <summary>The full resource type of an ID, e.g. Microsoft.ServiceBus/namespaces/topics/subscriptions.</summary>
    public static string TypeOf(string resourceId)
    {
        var at = resourceId.LastIndexOf("/providers/", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return resourceId.Contains("/resourceGroups/", StringComparison.OrdinalIgnoreCase) ? "Microsoft.Resources/resourceGroups" : "Microsoft.Resources/subscriptions";
        }

        var segments = resourceId[(at + "/providers/".Length)..].Split('/');
        var types = new List<string> { $"{segments[0]}/{segments[1]}" };
        for (var i = 3; i + 1 < segments.Length; i += 2)
        {
            types.Add(segments[i]);
        }

        return string.Join('/', types);
    }

    /// <summary>The GUID at the end of a role definition ID.</summary>
    public static string RoleGuid(string roleDefinitionId) => roleDefinitionId[(roleDefinitionId.LastIndexOf('/') + 1)..].ToLowerInvariant();
}
