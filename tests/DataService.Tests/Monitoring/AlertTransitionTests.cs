using DataService.Alerts;

namespace DataService.Tests.Monitoring;

public sealed class AlertTransitionTests
{
    private static readonly DateTimeOffset s_now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_condition_that_starts_holding_makes_the_rule_pending()
    {
        var transition = AlertTransition.Decide(Rule(AlertState.Ok, since: null, duration: 30), conditionHolds: true, s_now);

        Assert.Equal(new AlertTransition(AlertState.Pending, s_now, null), transition);
    }

    [Fact]
    public void Without_a_duration_the_rule_fires_at_once()
    {
        var transition = AlertTransition.Decide(Rule(AlertState.Ok, since: null, duration: 0), conditionHolds: true, s_now);

        Assert.Equal(new AlertTransition(AlertState.Firing, s_now, AlertStatus.Firing), transition);
    }

    [Fact]
    public void A_pending_rule_fires_once_the_condition_held_for_the_whole_duration()
    {
        var since = s_now.AddSeconds(-30);

        Assert.Null(AlertTransition.Decide(Rule(AlertState.Pending, since.AddSeconds(1), duration: 30), conditionHolds: true, s_now));
        Assert.Equal(
            new AlertTransition(AlertState.Firing, since, AlertStatus.Firing),
            AlertTransition.Decide(Rule(AlertState.Pending, since, duration: 30), conditionHolds: true, s_now));
    }

    [Fact]
    public void A_pending_rule_whose_condition_stops_holding_goes_back_to_ok_silently()
    {
        var transition = AlertTransition.Decide(Rule(AlertState.Pending, s_now.AddSeconds(-5), duration: 30), conditionHolds: false, s_now);

        Assert.Equal(new AlertTransition(AlertState.Ok, null, null), transition);
    }

    [Fact]
    public void A_firing_rule_resolves_when_the_condition_stops_holding()
    {
        var firing = Rule(AlertState.Firing, s_now.AddMinutes(-5), duration: 30);

        Assert.Null(AlertTransition.Decide(firing, conditionHolds: true, s_now));
        Assert.Equal(new AlertTransition(AlertState.Ok, null, AlertStatus.Resolved), AlertTransition.Decide(firing, conditionHolds: false, s_now));
    }

    [Fact]
    public void An_ok_rule_whose_condition_does_not_hold_stays()
    {
        Assert.Null(AlertTransition.Decide(Rule(AlertState.Ok, since: null, duration: 0), conditionHolds: false, s_now));
    }

    private static AlertRule Rule(AlertState state, DateTimeOffset? since, int duration) =>
        new(Guid.NewGuid(), "errors.rate", 0.1, ">", duration, null, state, since, null, s_now.AddHours(-1));
}
