using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace AzureEventKit.Functions.Http;

/// <summary>
/// <c>GET /api/openapi.json</c>: the OpenAPI 3.1 document of this API, for client generators and API catalogues.
/// Anonymous: it describes routes whose own auth applies, and holds no data.
/// </summary>
public static class GetOpenApiDocument
{
    [Function(nameof(GetOpenApiDocument))]
    public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        new OpenApiDocumentResult();
}
