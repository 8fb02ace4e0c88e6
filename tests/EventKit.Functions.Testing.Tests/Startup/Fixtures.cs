using Azure.Messaging.ServiceBus;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace EventKit.Functions.Testing.Tests.Startup;

// TEST-ONLY function classes: each holds one thing the Functions host or Azure would reject (or the valid twin of one).
// Tests pick them with FunctionsTestHostOptions.FunctionTypes, so no class sees another.

public static class ValidFunctions
{
    [Function("GetOrder")]
    public static IActionResult GetOrder([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orders/{id:int}")] HttpRequest request, int id) =>
        new OkObjectResult(id);

    [Function("GetOrderByName")]
    public static IActionResult GetOrderByName([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orders/{name}")] HttpRequest request, string name) =>
        new OkObjectResult(name);

    [Function("Place_Order-2")]
    public static IActionResult PlaceOrder([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "orders/{id:int}")] HttpRequest request) =>
        new AcceptedResult();
}

public static class DigitLeadingFunctionName
{
    [Function("2ndOrder")]
    public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request) => new OkResult();
}

public static class DottedFunctionName
{
    [Function("Orders.Place")]
    public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request) => new OkResult();
}

public static class ReservedFunctionName
{
    [Function("host")]
    public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "status")] HttpRequest request) => new OkResult();
}

public static class SameRouteDifferentParameterNames
{
    [Function("GetOrder")]
    public static IActionResult GetOrder([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orders/{id}")] HttpRequest request) => new OkResult();

    [Function("GetOrderAgain")]
    public static IActionResult GetOrderAgain([HttpTrigger(AuthorizationLevel.Function, "GET", "post", Route = "Orders/{orderId}")] HttpRequest request) => new OkResult();
}

public static class AnyMethodAndPostOnOneRoute
{
    [Function("AnyMethod")]
    public static IActionResult AnyMethod([HttpTrigger(AuthorizationLevel.Anonymous, Route = "payments")] HttpRequest request) => new OkResult();

    [Function("PostPayment")]
    public static IActionResult PostPayment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "payments")] HttpRequest request) => new OkResult();
}

public static class DeclaredServiceBusEntities
{
    [Function("Fulfil")]
    public static void Fulfil([ServiceBusTrigger("orders", "fulfillment", Connection = "ServiceBus")] ServiceBusReceivedMessage message)
    {
    }

    [Function("FulfilDeadLetters")]
    public static void FulfilDeadLetters([ServiceBusTrigger("Orders", "Fulfillment/$DeadLetterQueue", Connection = "ServiceBus")] ServiceBusReceivedMessage message)
    {
    }

    [Function("Work")]
    public static void Work([ServiceBusTrigger("%WorkQueue%", Connection = "ServiceBus")] ServiceBusReceivedMessage message)
    {
    }
}

public static class SessionTriggerOnPlainSubscription
{
    [Function("InOrder")]
    public static void InOrder([ServiceBusTrigger("orders", "fulfillment", Connection = "ServiceBus", IsSessionsEnabled = true)] ServiceBusReceivedMessage message)
    {
    }
}

public static class PlainTriggerOnSessionSubscription
{
    [Function("History")]
    public static void History([ServiceBusTrigger("orders", "history", Connection = "ServiceBus")] ServiceBusReceivedMessage message)
    {
    }
}

public static class SessionTriggerOnDeadLetters
{
    [Function("HistoryDeadLetters")]
    public static void HistoryDeadLetters([ServiceBusTrigger("orders", "history/$DeadLetterQueue", Connection = "ServiceBus", IsSessionsEnabled = true)] ServiceBusReceivedMessage message)
    {
    }
}

public static class SessionTriggersMatchingTheTopology
{
    [Function("History")]
    public static void History([ServiceBusTrigger("orders", "History", Connection = "ServiceBus", IsSessionsEnabled = true)] ServiceBusReceivedMessage message)
    {
    }

    [Function("HistoryDeadLetters")]
    public static void HistoryDeadLetters([ServiceBusTrigger("orders", "history/$DeadLetterQueue", Connection = "ServiceBus")] ServiceBusReceivedMessage message)
    {
    }
}

public static class UndeclaredSubscription
{
    [Function("Audit")]
    public static void Audit([ServiceBusTrigger("orders", "audit", Connection = "ServiceBus")] ServiceBusReceivedMessage message)
    {
    }
}

public static class UndeclaredTopic
{
    [Function("Refund")]
    public static void Refund([ServiceBusTrigger("refunds", "fulfillment", Connection = "ServiceBus")] ServiceBusReceivedMessage message)
    {
    }
}

public static class UndeclaredQueueName
{
    [Function("Retry")]
    public static void Retry([ServiceBusTrigger("retries", Connection = "ServiceBus")] ServiceBusReceivedMessage message)
    {
    }
}

public static class DefaultServiceBusConnection
{
    [Function("Listen")]
    public static void Listen([ServiceBusTrigger("work")] ServiceBusReceivedMessage message)
    {
    }
}

public static class QueueNameFromSetting
{
    [Function("Listen")]
    public static void Listen([ServiceBusTrigger("%MissingQueueSetting%", Connection = "ServiceBus")] ServiceBusReceivedMessage message)
    {
    }
}
