using System.Net;
using System.Text;
using System.Text.Json;
using EventKit.Functions.Testing.Http;
using Microsoft.AspNetCore.Http;

namespace EventKit.Functions.Testing.Tests.Http;

public sealed class ClientPrincipalHeaderTests
{
    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("192.168.1.20")]
    [InlineData("::ffff:10.0.0.5")]
    [InlineData("2001:db8::1")]
    public void IsRefused_HeaderFromNonLoopbackPeer_Refused(string remote)
    {
        Assert.True(ClientPrincipalHeader.IsRefused(Request(remote, withHeader: true)));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void IsRefused_HeaderFromLoopback_Accepted(string remote)
    {
        Assert.False(ClientPrincipalHeader.IsRefused(Request(remote, withHeader: true)));
    }

    [Fact]
    public void IsRefused_NoHeaderFromAnywhere_Accepted()
    {
        Assert.False(ClientPrincipalHeader.IsRefused(Request("10.0.0.5", withHeader: false)));
    }

    [Fact]
    public void Create_OperatorCaller_WritesTheEasyAuthShape()
    {
        var json = JsonDocument.Parse(Convert.FromBase64String(ClientPrincipalHeader.Create("3f0c0a52-0000-4000-8000-000000000001", "Ada", "EventKit.Operator"))).RootElement;

        Assert.Equal("aad", json.GetProperty("auth_typ").GetString());
        var claims = json.GetProperty("claims").EnumerateArray().Select(claim => (claim.GetProperty("typ").GetString(), claim.GetProperty("val").GetString())).ToList();
        Assert.Contains((ClientPrincipalHeader.ObjectIdClaimType, "3f0c0a52-0000-4000-8000-000000000001"), claims);
        Assert.Contains(("name", "Ada"), claims);
        Assert.Contains(("roles", "EventKit.Operator"), claims);
    }

    private static DefaultHttpContext Request(string remote, bool withHeader)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (withHeader)
        {
            http.Request.Headers[ClientPrincipalHeader.HeaderName] = Convert.ToBase64String(Encoding.UTF8.GetBytes("{}"));
        }

        return http;
    }
}
