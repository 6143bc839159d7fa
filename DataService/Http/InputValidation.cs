using System.Security.Claims;
using DataAccess;
using DataAccess.Validation;

namespace DataService.Http;

// The one validation layer of the API: every value a handler takes from the request (body,
// route, query string, header) passes InputRules before the handler runs, and a refusal is a
// 400 envelope naming the field. Services and the cancellation token are not inputs.
public static class InputValidation
{
    public static TBuilder ValidateInput<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(Create);

    private static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var services = context.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
        var inputs = context.MethodInfo.GetParameters()
            .Select((parameter, index) => (Parameter: parameter, Index: index))
            .Where(input => IsInput(input.Parameter.ParameterType, services))
            .Select(input => (input.Index, Field: IsSingleValue(input.Parameter.ParameterType) ? input.Parameter.Name! : ""))
            .ToArray();
        if (inputs.Length == 0)
        {
            return next;
        }

        return invocation =>
        {
            try
            {
                foreach (var (index, field) in inputs)
                {
                    InputRules.Validate(invocation.Arguments[index], field);
                }
            }
            catch (DatabaseError error)
            {
                return ValueTask.FromResult<object?>(ApiResults.From(DataResult.Fail(error)));
            }

            return next(invocation);
        };
    }

    private static bool IsInput(Type type, IServiceProviderIsService services) =>
        type != typeof(CancellationToken) && type != typeof(HttpContext) && type != typeof(HttpRequest) && type != typeof(ClaimsPrincipal)
        && !services.IsService(type);

    // A route, query or header value is named by its parameter; a body or [AsParameters]
    // object by its properties.
    private static bool IsSingleValue(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying == typeof(string) || underlying.IsPrimitive || underlying.IsEnum || underlying.Namespace == "System" && underlying.IsValueType;
    }
}
