using System.Text;
using AzureEventKit.Functions.Identity;
using AzureEventKit.Functions.Tests.Infrastructure;

namespace AzureEventKit.Functions.Tests.Identity;

public sealed class ClientPrincipalReaderTests
{
    [Fact]
    public void Read_EntraPrincipal_ReadsObjectIdNameAndRoles()
    {
        var request = HttpExchange.Request("GET", "/api/orders/x", caller: "3f0c0a52-1b2c-4d5e-8f90-123456789abc", roles: ["EventKit.Operator", "Reader"]);

        var (caller, problem) = ClientPrincipalReader.Read(request);

        Assert.Null(problem);
        Assert.Equal("3f0c0a52-1b2c-4d5e-8f90-123456789abc", caller!.UserId);
        Assert.Equal("aad", caller.IdentityProvider);
        Assert.Equal("Test user 3f0c0a52-1b2c-4d5e-8f90-123456789abc", caller.Name);
        Assert.True(caller.IsInRole(CallerPrincipal.OperatorRole));
        Assert.False(caller.IsInRole("eventkit.operator"));
    }

    [Fact]
    public void Read_ShortOidClaim_IsTheUserId()
    {
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"auth_typ":"aad","claims":[{"typ":"oid","val":"user-9"}]}"""));
        var request = HttpExchange.Request("GET", "/api/orders/x", headers: new Dictionary<string, string> { [ClientPrincipalReader.HeaderName] = header }, caller: null);

        Assert.Equal("user-9", ClientPrincipalReader.Read(request).Caller!.UserId);
    }

    [Theory]
    [InlineData("""{"claims":[{"typ":"oid","val":"a/b"}]}""")]
    [InlineData("""{"claims":[{"typ":"oid","val":""}]}""")]
    [InlineData("""{"claims":[{"typ":"name","val":"no id"}]}""")]
    [InlineData("""{"claims":"none"}""")]
    [InlineData("""null""")]
    [InlineData("""{"claims":[""")]
    public void Read_UnusablePrincipal_ReturnsAProblem(string json)
    {
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
        var request = HttpExchange.Request("GET", "/api/orders/x", headers: new Dictionary<string, string> { [ClientPrincipalReader.HeaderName] = header }, caller: null);

        var (caller, problem) = ClientPrincipalReader.Read(request);

        Assert.Null(caller);
        Assert.False(string.IsNullOrWhiteSpace(problem));
    }
}
