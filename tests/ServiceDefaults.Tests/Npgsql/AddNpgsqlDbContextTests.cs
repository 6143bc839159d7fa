using Aspire.Npgsql.EntityFrameworkCore.PostgreSQL;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace ServiceDefaults.Tests.Npgsql;

public sealed class AddNpgsqlDbContextTests(NpgsqlDatabaseFixture database) : IClassFixture<NpgsqlDatabaseFixture>
{
    private const string Section = "Aspire:Npgsql:EntityFrameworkCore:PostgreSQL";

    [Fact]
    public void Each_more_specific_section_overrides_only_the_keys_it_sets()
    {
        var builder = TestHosts.CreateBuilder(
            ($"{Section}:ConnectionString", "Host=general"),
            ($"{Section}:DisableTracing", "true"),
            ($"{Section}:DisableMetrics", "true"),
            ($"{Section}:CommandTimeout", "10"),
            ($"{Section}:notes:ConnectionString", "Host=named"),
            ($"{Section}:notes:DisableMetrics", "false"),
            ($"{Section}:notes:CommandTimeout", "20"),
            ($"{Section}:NotesContext:CommandTimeout", "30"));

        var settings = ReadSettings<NotesContext>(builder, "notes");

        Assert.Equal("Host=named", settings.ConnectionString);
        Assert.True(settings.DisableTracing);
        Assert.False(settings.DisableMetrics);
        Assert.Equal(30, settings.CommandTimeout);
        Assert.False(settings.DisableRetry);
    }

    [Fact]
    public void Context_section_overrides_the_named_section()
    {
        var builder = TestHosts.CreateBuilder(
            ($"{Section}:notes:ConnectionString", "Host=named"),
            ($"{Section}:NotesContext:ConnectionString", "Host=context"),
            ($"{Section}:ArchiveContext:ConnectionString", "Host=other-context"));

        Assert.Equal("Host=context", ReadSettings<NotesContext>(builder, "notes").ConnectionString);
    }

    [Fact]
    public void Connection_strings_section_overrides_every_settings_section()
    {
        var builder = TestHosts.CreateBuilder(
            ($"{Section}:ConnectionString", "Host=general"),
            ($"{Section}:notes:ConnectionString", "Host=named"),
            ($"{Section}:NotesContext:ConnectionString", "Host=context"),
            ("ConnectionStrings:notes", "Host=orchestrator"));

        Assert.Equal("Host=orchestrator", ReadSettings<NotesContext>(builder, "notes").ConnectionString);
    }

    [Fact]
    public void Settings_delegate_runs_last()
    {
        var builder = TestHosts.CreateBuilder(
            ("ConnectionStrings:notes", "Host=orchestrator"),
            ($"{Section}:NotesContext:DisableRetry", "false"));
        NpgsqlEntityFrameworkCorePostgreSQLSettings? seen = null;

        builder.AddNpgsqlDbContext<NotesContext>("notes", settings =>
        {
            settings.ConnectionString = "Host=delegate";
            settings.DisableRetry = true;
            seen = settings;
        });

        Assert.Equal("Host=delegate", seen?.ConnectionString);
        Assert.True(seen?.DisableRetry);
    }

    [Fact]
    public void Missing_connection_string_fails_on_first_resolution_naming_the_keys()
    {
        var builder = TestHosts.CreateBuilder();

        builder.AddNpgsqlDbContext<NotesContext>("notes");
        using var host = builder.Build();
        using var scope = host.Services.CreateScope();

        var error = Assert.Throws<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<NotesContext>());
        Assert.Equal(
            "ConnectionString is missing. It should be provided in 'ConnectionStrings:notes' or under the "
            + $"'ConnectionString' key in the '{Section}' or '{Section}:notes' or '{Section}:NotesContext' "
            + "configuration section.",
            error.Message);
    }

    [Fact]
    public async Task Context_stores_and_reads_entities()
    {
        using var host = BuildHost<NotesContext>();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<NotesContext>();
            await context.Database.EnsureCreatedAsync();
            context.Notes.Add(new Note { Text = "first" });
            await context.SaveChangesAsync();
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<NotesContext>();
            Assert.Equal(["first"], await context.Notes.Select(note => note.Text).ToListAsync());
        }
    }

    [Fact]
    public void Context_is_pooled()
    {
        using var host = BuildHost<NotesContext>();

        NotesContext first;
        using (var scope = host.Services.CreateScope())
        {
            first = scope.ServiceProvider.GetRequiredService<NotesContext>();
        }

        using (var scope = host.Services.CreateScope())
        {
            Assert.Same(first, scope.ServiceProvider.GetRequiredService<NotesContext>());
        }
    }

    [Fact]
    public void Retry_is_on_by_default()
    {
        using var host = BuildHost<NotesContext>();
        using var scope = host.Services.CreateScope();

        var strategy = scope.ServiceProvider.GetRequiredService<NotesContext>().Database.CreateExecutionStrategy();

        Assert.IsType<NpgsqlRetryingExecutionStrategy>(strategy);
        Assert.True(strategy.RetriesOnFailure);
    }

    [Fact]
    public void Retry_is_off_with_DisableRetry()
    {
        using var host = BuildHost<NotesContext>(settings => settings.DisableRetry = true);
        using var scope = host.Services.CreateScope();

        var strategy = scope.ServiceProvider.GetRequiredService<NotesContext>().Database.CreateExecutionStrategy();

        Assert.IsNotType<NpgsqlRetryingExecutionStrategy>(strategy);
        Assert.False(strategy.RetriesOnFailure);
    }

    [Fact]
    public async Task Command_timeout_from_settings_applies_to_commands()
    {
        using var host = BuildHost<NotesContext>(settings =>
        {
            settings.CommandTimeout = 1;
            settings.DisableRetry = true;
        });
        await using var scope = host.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<NotesContext>();

        Assert.Equal(1, context.Database.GetCommandTimeout());
        var error = await Assert.ThrowsAnyAsync<Exception>(() => context.Database.ExecuteSqlRawAsync("SELECT pg_sleep(3)"));
        Assert.IsType<TimeoutException>(error.InnerException);
    }

    [Fact]
    public void Command_timeout_is_left_to_the_provider_without_a_setting()
    {
        using var host = BuildHost<NotesContext>();
        using var scope = host.Services.CreateScope();

        Assert.Null(scope.ServiceProvider.GetRequiredService<NotesContext>().Database.GetCommandTimeout());
    }

    [Fact]
    public void Options_delegate_runs_after_the_provider_is_set_up()
    {
        var builder = TestHosts.CreateBuilder(("ConnectionStrings:notes", database.ConnectionString));
        builder.AddNpgsqlDbContext<NotesContext>(
            "notes",
            configureDbContextOptions: options => options.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking));
        using var host = builder.Build();
        using var scope = host.Services.CreateScope();

        var context = scope.ServiceProvider.GetRequiredService<NotesContext>();

        Assert.Equal(QueryTrackingBehavior.NoTracking, context.ChangeTracker.QueryTrackingBehavior);
        Assert.True(context.Database.IsNpgsql());
    }

    [Fact]
    public void Registering_the_same_context_twice_throws()
    {
        var builder = TestHosts.CreateBuilder(("ConnectionStrings:notes", database.ConnectionString));
        builder.AddNpgsqlDbContext<NotesContext>("notes");

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddNpgsqlDbContext<NotesContext>("notes"));
        Assert.Contains("DbContext<NotesContext> is already registered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registering_over_an_AddDbContext_registration_throws()
    {
        var builder = TestHosts.CreateBuilder(("ConnectionStrings:notes", database.ConnectionString));
        builder.Services.AddDbContext<NotesContext>(options => options.UseNpgsql(database.ConnectionString));

        Assert.Throws<InvalidOperationException>(() => builder.AddNpgsqlDbContext<NotesContext>("notes"));
    }

    [Fact]
    public void Two_context_types_register_side_by_side_with_a_check_each()
    {
        var builder = TestHosts.CreateBuilder(("ConnectionStrings:notes", database.ConnectionString));
        builder.AddNpgsqlDbContext<NotesContext>("notes");
        builder.AddNpgsqlDbContext<ArchiveContext>("notes");
        using var host = builder.Build();

        Assert.Equal(["ArchiveContext", "NotesContext"], HealthCheckNames(host));
    }

    [Fact]
    public async Task Health_check_named_after_the_context_is_untagged_bounded_and_healthy()
    {
        using var host = BuildHost<NotesContext>();

        var registration = Assert.Single(HealthCheckRegistrations(host));
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal("NotesContext", registration.Name);
        Assert.Empty(registration.Tags);
        Assert.NotEqual(Timeout.InfiniteTimeSpan, registration.Timeout);
        Assert.Equal(HealthStatus.Healthy, report.Entries["NotesContext"].Status);
    }

    // With retries on, the retry schedule alone would keep the check busy for about a minute;
    // the check's timeout turns that into a prompt Unhealthy.
    [Fact]
    public async Task Health_check_is_unhealthy_when_nothing_listens_on_the_port()
    {
        var builder = TestHosts.CreateBuilder(("ConnectionStrings:notes", UnusedPort.PostgresConnectionString()));
        builder.AddNpgsqlDbContext<NotesContext>("notes");
        using var host = builder.Build();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["NotesContext"].Status);
    }

    [Fact]
    public void Health_check_is_left_out_when_disabled()
    {
        using var host = BuildHost<NotesContext>(settings => settings.DisableHealthChecks = true);

        Assert.Empty(HealthCheckRegistrations(host));
    }

    private IHost BuildHost<TContext>(Action<NpgsqlEntityFrameworkCorePostgreSQLSettings>? configureSettings = null)
        where TContext : DbContext
    {
        var builder = TestHosts.CreateBuilder(("ConnectionStrings:notes", database.ConnectionString));
        builder.AddNpgsqlDbContext<TContext>("notes", configureSettings);
        return builder.Build();
    }

    private static NpgsqlEntityFrameworkCorePostgreSQLSettings ReadSettings<TContext>(HostApplicationBuilder builder, string connectionName)
        where TContext : DbContext
    {
        NpgsqlEntityFrameworkCorePostgreSQLSettings? seen = null;
        builder.AddNpgsqlDbContext<TContext>(connectionName, settings => seen = settings);
        return seen ?? throw new InvalidOperationException("The settings delegate did not run.");
    }

    private static IReadOnlyCollection<HealthCheckRegistration> HealthCheckRegistrations(IHost host) =>
        host.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.ToList();

    private static string[] HealthCheckNames(IHost host) =>
        HealthCheckRegistrations(host).Select(registration => registration.Name).Order(StringComparer.Ordinal).ToArray();
}
