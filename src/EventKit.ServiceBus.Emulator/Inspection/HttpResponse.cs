namespace EventKit.ServiceBus.Emulator.Inspection;

/// <summary>An HTTP response of the inspection port.</summary>
/// <param name="Status">The status code.</param>
/// <param name="ContentType">The media type, sent with <c>charset=utf-8</c>.</param>
/// <param name="Body">The body text.</param>
internal sealed record HttpResponse(int Status, string ContentType, string Body)
{
    public static HttpResponse Json(int status, string body) => new(status, "application/json", body);

    public static HttpResponse Problem(int status, string title, string detail) =>
        new(status, "application/problem+json", System.Text.Json.JsonSerializer.Serialize(new { type = "about:blank", title, status, detail }));
}
