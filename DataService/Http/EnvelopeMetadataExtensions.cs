using DataAccess;

namespace DataService.Http;

// Handlers return IResult, which tells OpenAPI nothing; these declare the envelope each
// route answers with, so the document is complete enough to generate a client from.
public static class EnvelopeMetadataExtensions
{
    private static readonly int[] ErrorStatuses =
    [
        StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
        StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable, StatusCodes.Status504GatewayTimeout,
    ];

    public static RouteHandlerBuilder Answers<T>(this RouteHandlerBuilder route, int successStatus = StatusCodes.Status200OK) =>
        route.Produces<DataResult<T>>(successStatus).WithErrors();

    // For answers that repeat a field of data beside success (ApiResults.From with besideName).
    public static RouteHandlerBuilder Answers<T, TBeside>(this RouteHandlerBuilder route, string besideName) =>
        route.Answers<T>().WithMetadata(new FieldBesideSuccessMetadata(besideName, typeof(TBeside)));

    public static RouteHandlerBuilder Answers(this RouteHandlerBuilder route) =>
        route.Produces<DataResult>(StatusCodes.Status200OK).WithErrors();

    private static RouteHandlerBuilder WithErrors(this RouteHandlerBuilder route)
    {
        foreach (var status in ErrorStatuses)
        {
            route.Produces<DataResult>(status);
        }

        return route;
    }
}
