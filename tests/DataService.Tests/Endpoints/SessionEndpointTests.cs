using System.Net;
using DataService.Tests.Support;

namespace DataService.Tests.Endpoints;

public sealed class SessionEndpointTests(DataServiceFactory factory) : IClassFixture<DataServiceFactory>
{
    [Fact]
    public async Task A_session_is_created_validated_updated_and_deleted_by_its_header_token()
    {
        var admin = factory.Admin();
        var created = await admin.PostApiAsync("/api/v1/sessions", new { userId = "alice", userType = "user", sessionData = new { theme = "dark" }, ttlSeconds = 600 });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var token = created.Data.GetProperty("sessionToken").GetString()!;

        admin.DefaultRequestHeaders.Add("X-Session-Token", token);
        var validated = await admin.GetApiAsync("/api/v1/sessions/current");
        Assert.Equal(("alice", "dark"), (validated.Data.GetProperty("userId").GetString(), validated.Data.GetProperty("sessionData").GetProperty("theme").GetString()));
        var extended = await admin.PatchApiAsync("/api/v1/sessions/current", new { extendTtlSeconds = 60 });
        Assert.True(extended.Success, extended.Error);
        Assert.True((await admin.DeleteApiAsync("/api/v1/sessions/current")).Success);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetApiAsync("/api/v1/sessions/current")).Status);
        Assert.True((await factory.Admin().PostApiAsync("/api/v1/sessions/cleanup")).Success);
    }

    [Fact]
    public async Task A_request_without_the_session_header_is_a_bad_request()
    {
        var response = await factory.Admin().GetApiAsync("/api/v1/sessions/current");

        Assert.Equal((HttpStatusCode.BadRequest, "DB_INVALID_QUERY"), (response.Status, response.Code));
    }
}
