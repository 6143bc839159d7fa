using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace MigrationService.Tests;

// The MigrationService in process, pointed at a throwaway database and held running after its
// real steps, so its endpoints can be probed while it works.
public sealed class RunningMigrationServiceFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private PostgresTestDatabase? _database;

    internal HoldOpenStep HoldOpen { get; } = new();

    public async Task InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync("migration_service");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var database = _database ?? throw new InvalidOperationException("The database is created in InitializeAsync.");
        builder.UseSetting("ConnectionStrings:postgres", database.ConnectionString);
        builder.ConfigureTestServices(services => services.AddSingleton<IMigrationStep>(HoldOpen));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
