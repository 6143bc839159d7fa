using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Tests.Http;

// Web applications on 127.0.0.1 with a port the OS picks, so tests never collide on ports.
internal static class LoopbackWebApplication
{
    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(LoopbackWebApplication).Assembly.GetName().Name,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder;
    }

    public static async Task<Uri> StartOnLoopbackAsync(this WebApplication app)
    {
        await app.StartAsync();
        return new Uri(app.Urls.Single());
    }
}
