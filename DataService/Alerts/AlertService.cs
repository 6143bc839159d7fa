using DataAccess;

namespace DataService.Alerts;

// setPerformanceAlert and the listing and deletion of alerts, as data-access results. Rules
// are kept in PostgreSQL; a service without it (the redis backend) has none and refuses.
internal sealed class AlertService(OperationRunner runner, AlertRuleStore? rules = null)
{
    private static readonly DatabaseError s_noRuleStore = new(
        DatabaseErrorCode.InvalidQuery,
        "alerts are kept in PostgreSQL, and the redis backend has none; run with DATABASE_TYPE=dual, hybrid or postgres to set alerts.");

    public async Task<DataResult<AlertRule>> SetPerformanceAlertAsync(CreateAlertRequest request, CancellationToken cancellationToken)
    {
        if (AlertRuleValidation.Problem(request) is { } problem)
        {
            return DataResult<AlertRule>.Fail(problem);
        }

        if (rules is null)
        {
            return DataResult<AlertRule>.Fail(s_noRuleStore);
        }

        var id = Guid.CreateVersion7();
        return await runner.RunAsync(token => rules.CreateAsync(id, request, token), cancellationToken);
    }

    public async Task<DataResult<IReadOnlyList<AlertRule>>> GetAlertsAsync(CancellationToken cancellationToken) =>
        rules is null ? DataResult<IReadOnlyList<AlertRule>>.Fail(s_noRuleStore) : await runner.RunAsync(rules.ListAsync, cancellationToken);

    public async Task<DataResult> DeleteAlertAsync(Guid id, CancellationToken cancellationToken) =>
        rules is null
            ? DataResult.Fail(s_noRuleStore)
            : await runner.RunAsync(async token =>
            {
                if (!await rules.DeleteAsync(id, token))
                {
                    throw DatabaseError.NotFound("Alert", id);
                }
            }, cancellationToken);
}
