namespace DataService.Authentication;

// Who may call what. Operators hold admin tokens and may do everything; the gateway holds a
// service token and may only do what relaying requests needs: validate keys, read accounts
// and their tokens, report account status, read and record usage, read the storage strategies.
public static class DataServicePolicies
{
    public const string Admin = "admin";

    // Admin or service token.
    public const string Gateway = "gateway";

    public const string AdminRole = "admin";
    public const string ServiceRole = "service";
}
