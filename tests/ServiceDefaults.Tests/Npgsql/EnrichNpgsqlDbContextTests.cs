using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace ServiceDefaults.Tests.Npgsql;

public sealed class EnrichNpgsqlDbContextTests(NpgsqlDatabaseFixture database) : IClassFixture<NpgsqlDatabaseFixture>
{
    private const string Section = "Aspire:Npgsql:EntityFrameworkCore:PostgreSQL";

    [Fact]
    public void Adds_retry_to_a_context_registered_with_AddDbContext()
    {
        var builder = TestHosts.CreateBuilder();
        builder.Services.AddDbContext<NotesContext>(options => options.UseNpgsql(database.ConnectionString));

        builder.EnrichNpgsqlDbContext<NotesContext>();

        Assert.IsType<NpgsqlRetryingExecutionStrategy>(CreateExecutionStrategy(builder));
    }

    [Fact]
    public void Adds_retry_and_timeout_to_a_pooled_context_under_scope_validation()
    {
        var builder = TestHosts.CreateBuilder();
        builder.Services.AddDbContextPool<NotesContext>(options => options.UseNpgsql(database.ConnectionString));

        builder.EnrichNpgsqlDbContext<NotesContext>(settings => settings.CommandTimeout = 12);

        using var host = builder.Build();
        using var scope = host.Services.CreateScope();
        var context = scope.ServiceProvider.GetRequiredService<NotesContext>();
        Assert.IsType<NpgsqlRetryingExecutionStrategy>(context.Database.CreateExecutionStrategy());
        Assert.Equal(12, context.Database.GetCommandTimeout());
    }

    [Fact]
    public void Leaves_retry_off_with_DisableRetry_from_the_context_section()
    {
        var builder = TestHosts.CreateBuilder(($"{Section}:NotesContext:DisableRetry", "true"));
        builder.Services.AddDbContext<NotesContext>(options => options.UseNpgsql(database.ConnectionString));

        builder.EnrichNpgsqlDbContext<NotesContext>();

        Assert.False(CreateExecutionStrategy(builder).RetriesOnFailure);
    }

    [Fact]
    public void Keeps_an_execution_strategy_the_caller_configured()
    {
        var builder = TestHosts.CreateBuilder();
        builder.Services.AddDbContext<NotesContext>(options => options.UseNpgsql(
            database.ConnectionString,
            npgsql => npgsql.ExecutionStrategy(dependencies => new NpgsqlRetryingExecutionStrategy(dependencies, maxRetryCount: 2))));

        builder.EnrichNpgsqlDbContext<NotesContext>();

        var strategy = Assert.IsType<NpgsqlRetryingExecutionStrategy>(CreateExecutionStrategy(builder));
        Assert.Equal(2, strategy.MaxRetryCount);
    }

    [Fact]
    public void Conflicting_command_timeouts_fail_when_the_context_is_resolved()
    {
        var builder = TestHosts.CreateBuilder();
        builder.Services.AddDbContext<NotesContext>(options =>
            options.UseNpgsql(database.ConnectionString, npgsql => npgsql.CommandTimeout(5)));

        builder.EnrichNpgsqlDbContext<NotesContext>(settings => settings.CommandTimeout = 6);

        var error = Assert.Throws<InvalidOperationException>(() => CreateExecutionStrategy(builder));
        Assert.Contains("Conflicting values for 'CommandTimeout'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Throws_when_the_context_is_not_registered()
    {
        var builder = TestHosts.CreateBuilder();

        var error = Assert.Throws<InvalidOperationException>(() => builder.EnrichNpgsqlDbContext<NotesContext>());
        Assert.Contains("DbContext<NotesContext> was not registered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adds_a_healthy_check_named_after_the_context()
    {
        var builder = TestHosts.CreateBuilder();
        builder.Services.AddDbContext<NotesContext>(options => options.UseNpgsql(database.ConnectionString));
        builder.EnrichNpgsqlDbContext<NotesContext>();
        using var host = builder.Build();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, report.Entries["NotesContext"].Status);
    }

    [Fact]
    public void Enriching_a_context_added_by_AddNpgsqlDbContext_keeps_one_check()
    {
        var builder = TestHosts.CreateBuilder(("ConnectionStrings:notes", database.ConnectionString));
        builder.AddNpgsqlDbContext<NotesContext>("notes");

        builder.EnrichNpgsqlDbContext<NotesContext>();

        using var host = builder.Build();
        var registrations = host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        Assert.Equal("NotesContext", Assert.Single(registrations).Name);
    }

    private static Microsoft.EntityFrameworkCore.Storage.IExecutionStrategy CreateExecutionStrategy(HostApplicationBuilder builder)
    {
        using var host = builder.Build();
        using var scope = host.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<NotesContext>().Database.CreateExecutionStrategy();
    }
}
