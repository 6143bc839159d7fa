using System.Text;
using DataAccess.Postgres.Entities;
using Microsoft.EntityFrameworkCore;

namespace DataAccess.Postgres;

// The entity tables of the hand-written schema (Schema/Migrations), mapped for EF Core.
// The schema is owned by the SQL migrations; this model only has to match it.
public sealed class RelayDbContext(DbContextOptions<RelayDbContext> options) : DbContext(options)
{
    internal DbSet<ApiKeyEntity> ApiKeys => Set<ApiKeyEntity>();

    internal DbSet<RetiredApiKeyHashEntity> RetiredApiKeyHashes => Set<RetiredApiKeyHashEntity>();

    internal DbSet<KeyUsageTotalsEntity> KeyUsageTotals => Set<KeyUsageTotalsEntity>();

    internal DbSet<AccountEntity> Accounts => Set<AccountEntity>();

    internal DbSet<SessionEntity> Sessions => Set<SessionEntity>();

    internal DbSet<WebUserEntity> WebUsers => Set<WebUserEntity>();

    internal DbSet<StorageStrategyEntity> StorageStrategies => Set<StorageStrategyEntity>();

    internal DbSet<AlertRuleEntity> AlertRules => Set<AlertRuleEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ApiKeyEntity>(entity =>
        {
            entity.ToTable("api_keys");
            entity.Property(key => key.Extra).HasColumnType("jsonb");
        });
        modelBuilder.Entity<RetiredApiKeyHashEntity>(entity =>
        {
            entity.ToTable("retired_api_key_hashes");
            entity.HasKey(retired => retired.KeyHash);
        });
        modelBuilder.Entity<KeyUsageTotalsEntity>(entity =>
        {
            entity.ToTable("usage_totals_key");
            entity.HasKey(totals => totals.ApiKeyId);
        });
        modelBuilder.Entity<AccountEntity>(entity =>
        {
            entity.ToTable("accounts");
            entity.Property(account => account.Proxy).HasColumnType("jsonb");
            entity.Property(account => account.SubscriptionInfo).HasColumnType("jsonb");
            entity.Property(account => account.Extra).HasColumnType("jsonb");
        });
        modelBuilder.Entity<SessionEntity>(entity =>
        {
            entity.ToTable("sessions");
            entity.HasKey(session => session.TokenHash);
            entity.Property(session => session.Data).HasColumnType("jsonb");
        });
        modelBuilder.Entity<WebUserEntity>(entity => entity.ToTable("users"));
        modelBuilder.Entity<StorageStrategyEntity>(entity =>
        {
            entity.ToTable("storage_strategies");
            entity.HasKey(strategy => strategy.DataType);
            entity.Property(strategy => strategy.Config).HasColumnType("jsonb");
        });
        modelBuilder.Entity<AlertRuleEntity>(entity => entity.ToTable("alert_rules"));

        UseSnakeCaseColumns(modelBuilder);
    }

    private static void UseSnakeCaseColumns(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var character = name[i];
            if (char.IsUpper(character) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(character));
        }

        return builder.ToString();
    }
}
