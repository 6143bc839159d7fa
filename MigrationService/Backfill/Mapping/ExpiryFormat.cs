namespace MigrationService.Backfill.Mapping;

// How a legacy account family writes its token expiry.
internal enum ExpiryFormat
{
    None,

    // Claude: epoch milliseconds as decimal text.
    EpochMilliseconds,

    // OpenAI and Gemini: ISO timestamps.
    Iso,
}
