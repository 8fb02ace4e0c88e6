using System.ComponentModel.DataAnnotations;

namespace AzureEventKit.Functions.Http;

/// <summary>Limits shared by every HTTP endpoint of the app. Section <c>Http</c>.</summary>
public sealed class HttpOptions
{
    public const string SectionName = "Http";

    /// <summary>
    /// The largest accepted request body, in bytes. Default 64 KiB: a 50-line order is about 5 KiB, and a corrected
    /// dead-letter body must still fit a table row. A larger body is answered 400 without being read to the end.
    /// </summary>
    [Range(1_024, 1_048_576, ErrorMessage = "Http:MaxRequestBodyBytes must be between 1024 and 1048576.")]
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;
}
