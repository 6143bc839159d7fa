using DataAccess;

namespace DataService.Alerts;

// setPerformanceAlert and the listing and deletion of alerts, as data-access results.
internal sealed class AlertService(AlertRuleStore rules, OperationRunner runner)
{
    public async Task<DataResult<AlertRule>> SetPerformanceAlertAsync(CreateAlertRequest request, CancellationToken cancellationToken)
    {
        if (AlertRuleValidation.Problem(request) is { } problem)
        {
            return DataResult<AlertRule>.Fail(problem);
        }

        var id = Guid.CreateVersion7();
        return await runner.RunAsync(token => rules.CreateAsync(id, request, token), cancellationToken);
    }

    public Task<DataResult<IReadOnlyList<AlertRule>>> GetAlertsAsync(CancellationToken cancellationToken) =>
        runner.RunAsync(rules.ListAsync, cancellationToken);

    public Task<DataResult> DeleteAlertAsync(Guid id, CancellationToken cancellationToken) =>
        runner.RunAsync(async token =>
        {
            if (!await rules.DeleteAsync(id, token))
            {
                throw DatabaseError.NotFound("Alert", id);
            }
        }, cancellationToken);
}
