using DataAccess.Diagnostics;
using DataAccess.Redis;
using Microsoft.Extensions.Logging;

namespace DataAccess.Dual;

// The write rule of dual mode: the legacy layout first (it is the source of truth while
// claude-relay-service runs on it), then PostgreSQL. A write the legacy side refuses goes
// nowhere. A write PostgreSQL then fails is logged as an error, counted
// (dataaccess.dual.divergences) and returned as the failure; a create is undone on the
// legacy side, so it exists on neither. Other writes are not undone: they are safe to
// retry, and a retry brings both sides together.
//
// Records that exist only in the legacy layout (written by the relay, or before dual mode
// began, and not migrated yet) are not a divergence: PostgreSQL's "not found" for them is
// accepted and logged, and the migration brings them over with their current state.
internal sealed partial class DualWrites(ILogger<DualWrites> logger)
{
    public async Task<DataResult<T>> CreateAsync<T>(
        string operation, Func<Task<DataResult<T>>> legacy, Func<T, Task<DataResult>> postgres, Func<T, Task> undoLegacy)
    {
        var written = await legacy();
        if (!written.Success)
        {
            return written;
        }

        var mirrored = await postgres(written.Data!);
        if (mirrored.Success)
        {
            return written;
        }

        Diverged(operation, mirrored);
        try
        {
            await undoLegacy(written.Data!);
        }
        catch (Exception exception) when (exception is DatabaseError || exception.IsRedisFailure())
        {
            LogUndoFailed(exception, operation);
        }

        return DataResult<T>.Fail(Divergence(mirrored));
    }

    public async Task<DataResult<T>> UpdateAsync<T>(string operation, Func<Task<DataResult<T>>> legacy, Func<Task<DataResult>> postgres)
    {
        var written = await legacy();
        if (!written.Success)
        {
            return written;
        }

        var mirrored = await postgres();
        if (mirrored.Success || IsUnmirrored(operation, mirrored))
        {
            return written;
        }

        Diverged(operation, mirrored);
        return DataResult<T>.Fail(Divergence(mirrored));
    }

    public async Task<DataResult> UpdateAsync(string operation, Func<Task<DataResult>> legacy, Func<Task<DataResult>> postgres)
    {
        var written = await UpdateAsync(operation, async () => Typed(await legacy()), postgres);
        return written.Success ? DataResult.Ok() : Untyped(written);
    }

    // A delete reaches PostgreSQL even when the legacy side has nothing left to delete, so
    // retrying a delete that failed half-way finishes it. Not found only when neither side
    // had it.
    public async Task<DataResult> DeleteAsync(string operation, Func<Task<DataResult>> legacy, Func<Task<DataResult>> postgres)
    {
        var written = await legacy();
        if (!written.Success && written.Code != DatabaseErrorCode.RecordNotFound)
        {
            return written;
        }

        var mirrored = await postgres();
        if (mirrored.Success)
        {
            return mirrored;
        }

        if (mirrored.Code == DatabaseErrorCode.RecordNotFound)
        {
            return written.Success ? LogUnmirrored(operation) : written;
        }

        Diverged(operation, mirrored);
        return DataResult.Fail(Divergence(mirrored));
    }

    private bool IsUnmirrored(string operation, DataResult mirrored)
    {
        if (mirrored.Code != DatabaseErrorCode.RecordNotFound)
        {
            return false;
        }

        LogUnmirrored(operation);
        return true;
    }

    private DataResult LogUnmirrored(string operation)
    {
        LogNotInPostgres(operation);
        return DataResult.Ok();
    }

    private void Diverged(string operation, DataResult mirrored)
    {
        DataAccessTelemetry.RecordDualDivergence(operation, mirrored.Code ?? "unknown");
        LogDiverged(operation, mirrored.Code, mirrored.Error);
    }

    private static DatabaseError Divergence(DataResult mirrored) =>
        new(mirrored.Code ?? DatabaseErrorCode.ConnectionFailed, $"Written to the legacy Redis layout but not to PostgreSQL: {mirrored.Error}", mirrored.Field);

    private static DataResult<bool> Typed(DataResult result) =>
        result.Success ? DataResult<bool>.Ok(true) : new DataResult<bool> { Error = result.Error, Code = result.Code, Field = result.Field };

    private static DataResult Untyped<T>(DataResult<T> result) => new() { Error = result.Error, Code = result.Code, Field = result.Field };

    [LoggerMessage(Level = LogLevel.Error, Message = "Dual write {Operation} reached the legacy layout but PostgreSQL failed ({Code}: {Error}); the two sides differ until it is retried.")]
    private partial void LogDiverged(string operation, string? code, string? error);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Dual write {Operation} failed on PostgreSQL and could not be undone on the legacy layout; the record exists only there.")]
    private partial void LogUndoFailed(Exception exception, string operation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dual write {Operation}: the record is not in PostgreSQL yet (legacy only, awaiting migration); written to the legacy layout.")]
    private partial void LogNotInPostgres(string operation);
}
