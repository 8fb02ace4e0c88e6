namespace EventKit.ServiceBus.Emulator.Management;

/// <summary>
/// A refused administration request, answered with <see cref="Status"/> and Azure's error document: the SDK turns
/// 400 into <c>ArgumentException</c>, 404 into <c>MessagingEntityNotFound</c> and 409 into <c>MessagingEntityAlreadyExists</c>.
/// </summary>
internal sealed class AdministrationException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static AdministrationException BadRequest(string message) => new(400, message);

    public static AdministrationException NotFound(string path) =>
        new(404, $"The messaging entity '{path}' could not be found. To know more visit https://aka.ms/sbResourceMgrExceptions.");

    public static AdministrationException Conflict(string path) =>
        new(409, $"The messaging entity '{path}' already exists. To know more visit https://aka.ms/sbResourceMgrExceptions.");
}
