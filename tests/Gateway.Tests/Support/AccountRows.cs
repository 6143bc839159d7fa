using Npgsql;

namespace Gateway.Tests.Support;

// Account data the DataService's API does not write but the migration brings over from a
// legacy relay (layout §5.6 subscriptionInfo, §5.9 account groups), written into the
// environment's PostgreSQL as the backfill writes it.
public static class AccountRows
{
    public static async Task<Guid> CreateGroupAsync(GatewayEnvironment environment, params Guid[] members)
    {
        var groupId = Guid.NewGuid();
        await using var connection = new NpgsqlConnection(environment.PostgresConnectionString);
        await connection.OpenAsync();
        await using (var group = new NpgsqlCommand("INSERT INTO account_groups (id, name, platform) VALUES (@id, @name, 'claude')", connection))
        {
            group.Parameters.AddWithValue("id", groupId);
            group.Parameters.AddWithValue("name", $"group {groupId:N}");
            await group.ExecuteNonQueryAsync();
        }

        foreach (var member in members)
        {
            await using var add = new NpgsqlCommand("INSERT INTO account_group_members (group_id, account_id) VALUES (@group, @account)", connection);
            add.Parameters.AddWithValue("group", groupId);
            add.Parameters.AddWithValue("account", member);
            await add.ExecuteNonQueryAsync();
        }

        await environment.RefreshAccountsAsync();
        return groupId;
    }

    public static async Task SetSubscriptionAsync(GatewayEnvironment environment, Guid accountId, string subscriptionInfo)
    {
        await using var connection = new NpgsqlConnection(environment.PostgresConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand("UPDATE accounts SET subscription_info = @info::jsonb WHERE id = @id", connection);
        update.Parameters.AddWithValue("info", subscriptionInfo);
        update.Parameters.AddWithValue("id", accountId);
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
        await environment.RefreshAccountsAsync();
    }

    // The account row as stored: (last_used_at, updated_at).
    public static async Task<(DateTimeOffset? LastUsedAt, DateTimeOffset? UpdatedAt)> TimestampsAsync(GatewayEnvironment environment, Guid accountId)
    {
        await using var connection = new NpgsqlConnection(environment.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT last_used_at, updated_at FROM accounts WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", accountId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
    }
}
