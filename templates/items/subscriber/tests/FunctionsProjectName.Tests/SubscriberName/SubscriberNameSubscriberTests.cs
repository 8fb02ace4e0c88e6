namespace FunctionsNamespace.Tests.SubscriberName;

public sealed class SubscriberNameSubscriberTests
{
}
