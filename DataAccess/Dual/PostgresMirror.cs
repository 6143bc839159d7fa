using System.Text.Json;
using DataAccess.Accounts;
using DataAccess.Security;
using Npgsql;

namespace DataAccess.Dual;

// What the PostgreSQL stores cannot be told through their contracts but dual mode needs:
// a key or session created on the legacy side carries that side's key hash or token, and a
// token refreshed on the legacy side (once, under the relay's lock) is copied over rather
// than refreshed a second time.
internal sealed class PostgresMirror(NpgsqlDataSource dataSource, AccountSecretProtector protector, OperationRunner runner)
{
    // The secrets document as the PostgreSQL account store writes it.
    private static readonly JsonSerializerOptions s_secretsJson = new(JsonSerializerDefaults.Web);

    public Task<DataResult> AdoptApiKeyAsync(Guid keyId, string keyHash, DateTimeOffset createdAt, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE api_keys SET key_hash = $2, created_at = $3 WHERE id = $1", "API key", keyId, cancellationToken, keyId, keyHash, createdAt);

    public Task<DataResult> RemoveApiKeyAsync(Guid keyId, CancellationToken cancellationToken) =>
        ExecuteAsync("DELETE FROM api_keys WHERE id = $1", "API key", keyId, cancellationToken, keyId);

    public Task<DataResult> AdoptSessionAsync(string postgresTokenHash, string tokenHash, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        ExecuteAsync("UPDATE sessions SET token_hash = $2, expires_at = $3 WHERE token_hash = $1", "Session", postgresTokenHash, cancellationToken, postgresTokenHash, tokenHash, expiresAt);

    public Task<DataResult> AdoptTokensAsync(Guid accountId, string platform, RefreshedToken refreshed, string? refreshToken, IReadOnlyList<string> scopes, CancellationToken cancellationToken) =>
        runner.RunAsync(async token =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(token);
            await using var transaction = await connection.BeginTransactionAsync(token);
            byte[]? stored;
            await using (var select = new NpgsqlCommand("SELECT secrets FROM accounts WHERE id = $1 AND platform = $2 FOR UPDATE", connection, transaction))
            {
                select.Parameters.Add(new NpgsqlParameter { Value = accountId });
                select.Parameters.Add(new NpgsqlParameter { Value = platform });
                var found = await select.ExecuteScalarAsync(token) ?? throw DatabaseError.NotFound("Account", accountId);
                stored = found as byte[];
            }

            var context = accountId.ToString();
            var secrets = stored is null
                ? new AccountSecrets()
                : JsonSerializer.Deserialize<AccountSecrets>(protector.UnprotectString(stored, context), s_secretsJson) ?? new AccountSecrets();
            var updated = protector.Protect(JsonSerializer.Serialize(secrets with { AccessToken = refreshed.AccessToken, RefreshToken = refreshToken }, s_secretsJson), context);
            await using (var update = new NpgsqlCommand("""
                UPDATE accounts SET secrets = $2, token_expires_at = $3, last_refresh_at = $4, scopes = $5,
                       status = 'active', error_message = NULL, updated_at = $4
                WHERE id = $1
                """, connection, transaction))
            {
                foreach (var value in new object[] { accountId, updated, refreshed.ExpiresAt, refreshed.RefreshedAt, scopes.ToArray() })
                {
                    update.Parameters.Add(new NpgsqlParameter { Value = value });
                }

                await update.ExecuteNonQueryAsync(token);
            }

            await transaction.CommitAsync(token);
        }, cancellationToken);

    private Task<DataResult> ExecuteAsync(string sql, string what, object id, CancellationToken cancellationToken, params object[] values) =>
        runner.RunAsync(async token =>
        {
            await using var command = dataSource.CreateCommand(sql);
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            if (await command.ExecuteNonQueryAsync(token) == 0)
            {
                throw DatabaseError.NotFound(what, id);
            }
        }, cancellationToken);
}
