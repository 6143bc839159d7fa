using DataAccess.Security;
using DataAccess.Time;
using MigrationService.Backfill.Keys;
using MigrationService.Backfill.Mapping;
using MigrationService.Backfill.Passes;
using MigrationService.Backfill.Reading;
using Npgsql;
using StackExchange.Redis;

namespace MigrationService.Backfill;

// What every mode of a run shares: the two stores, the settings, and the read side (scan,
// classify, read, transform).
internal sealed class BackfillContext
{
    public BackfillContext(IDatabase redis, NpgsqlDataSource dataSource, BackfillOptions options, ILogger logger)
    {
        Redis = redis;
        DataSource = dataSource;
        Options = options;
        Logger = logger;
        Buckets = new TimeBuckets(options.TimeZoneOffsetHours);
        Protector = new AccountSecretProtector(options.Security);
        var secrets = new AccountSecretReader(new LegacySecretCipher(options.Security), new BedrockCredentialCipher(options.Security));
        Scan = new ScanPass(
            redis,
            new LegacyKeyClassifier(Buckets),
            new PageReader(redis),
            new PageTransformer(new UsageRowMapper(options.TimeZoneOffsetHours), new AccountRowMapper(secrets)),
            options.ScanPageSize,
            options.Time);
    }

    public IDatabase Redis { get; }

    public NpgsqlDataSource DataSource { get; }

    public BackfillOptions Options { get; }

    public ILogger Logger { get; }

    public TimeBuckets Buckets { get; }

    public AccountSecretProtector Protector { get; }

    public ScanPass Scan { get; }

    public async Task<long> KeysInRedisAsync(CancellationToken cancellationToken) =>
        (long)await Redis.ExecuteAsync("DBSIZE").WaitAsync(cancellationToken);
}
