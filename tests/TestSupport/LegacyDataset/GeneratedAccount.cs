namespace TestSupport.LegacyDataset;

// A legacy account as generated: its family's key prefix, its stored fields (for Bedrock, the
// fields of its JSON document) and its secrets in clear, by legacy field name.
public sealed record GeneratedAccount(
    Guid Id, string Platform, string KeyName, IReadOnlyDictionary<string, string> Fields, IReadOnlyDictionary<string, string> Secrets);
