using System.Net.Sockets;
using System.Text.Json;
using Bridge.Host.Api;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Bridge.UnitTests.Host.Api;

[Trait("Category", "Unit")]
public sealed class ProblemExceptionHandlerTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("$", "")]
    [InlineData("$.a", "/a")]
    [InlineData("$.endpoints[0].url", "/endpoints/0/url")]
    [InlineData("$.trustAnchors.msps[1].rootCertificates[0]", "/trustAnchors/msps/1/rootCertificates/0")]
    [InlineData("$[2]", "/2")]
    [InlineData("$.a[0][1]", "/a/0/1")]
    [InlineData("$['a.b']", "/a.b")]
    [InlineData("$['x/y']", "/x~1y")]
    [InlineData("$.a~b", "/a~0b")]
    [InlineData("$.a['b/c'].d", "/a/b~1c/d")]
    [InlineData("$['~/']", "/~0~1")]
    public void JsonPathToPointer_SystemTextJsonPath_GivesRfc6901Pointer(string? path, string expected)
    {
        ProblemExceptionHandler.JsonPathToPointer(path).ShouldBe(expected);
    }

    [Fact]
    public void Classify_BodyTooLarge_IsPayloadTooLarge()
    {
        var (type, detail, field) = ProblemExceptionHandler.Classify(new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge));

        type.ShouldBe(ProblemTypes.PayloadTooLarge);
        type.Status.ShouldBe(413);
        detail.ShouldContain("Bridge:Api:MaxRequestBodyBytes");
        field.ShouldBeNull();
    }

    [Fact]
    public void Classify_WrongContentType_IsUnsupportedMediaType()
    {
        var (type, detail, field) = ProblemExceptionHandler.Classify(new BadHttpRequestException("Unsupported content type", StatusCodes.Status415UnsupportedMediaType));

        type.ShouldBe(ProblemTypes.UnsupportedMediaType);
        detail.ShouldContain("application/json");
        field.ShouldBeNull();
    }

    [Theory]
    [InlineData("The JSON value could not be converted to System.Int32. Path: $.endpoints[0].url", "$.endpoints[0].url", "/endpoints/0/url", "A value has the wrong JSON type for its field.")]
    [InlineData("The JSON property 'chainID' could not be mapped to any .NET member contained in type 'NetworkInput'.", "$.trustAnchors['chain/ID']", "/trustAnchors/chain~1ID", "The body has a member this API does not define (check its spelling).")]
    [InlineData("JSON deserialization for type 'NetworkInput' was missing required properties including: 'name'.", "$", "", "The body is missing required members.")]
    [InlineData("'}' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 9.", "$.name", "/name", "The body is not valid JSON.")]
    public void Classify_WrappedJsonException_IsMalformedRequestWithPointer(string message, string path, string pointer, string expectedDetail)
    {
        var json = new JsonException(message, path, 0, 9);
        var exception = new BadHttpRequestException("Failed to read parameter \"NetworkInput input\" from the request body as JSON.", StatusCodes.Status400BadRequest, json);

        var (type, detail, field) = ProblemExceptionHandler.Classify(exception);

        type.ShouldBe(ProblemTypes.MalformedRequest);
        field.ShouldBe(pointer);
        detail.ShouldBe(expectedDetail);
        detail.ShouldNotContain("System.");
    }

    [Fact]
    public void Classify_JsonExceptionNestedDeeper_IsStillFound()
    {
        var json = new JsonException("bad", "$.roles[3]", null, null);
        var exception = new BadHttpRequestException("Failed to read", 400, new InvalidOperationException("wrapper", json));

        var (type, _, field) = ProblemExceptionHandler.Classify(exception);

        type.ShouldBe(ProblemTypes.MalformedRequest);
        field.ShouldBe("/roles/3");
    }

    [Fact]
    public void Classify_MissingImplicitBody_AsksForABodyAtTheRoot()
    {
        // The message minimal APIs use when a body parameter is inferred but the request has none.
        const string message = "Implicit body inferred for parameter \"input\" but no body was provided. Did you mean to use a Service instead?";

        var (type, detail, field) = ProblemExceptionHandler.Classify(new BadHttpRequestException(message, 400));

        type.ShouldBe(ProblemTypes.MalformedRequest);
        detail.ShouldBe("A JSON request body is required.");
        field.ShouldBe(string.Empty);
    }

    [Fact]
    public void Classify_OtherBadRequest_PassesTheFrameworkMessageThrough()
    {
        var (type, detail, field) = ProblemExceptionHandler.Classify(new BadHttpRequestException("Failed to bind parameter \"int limit\" from \"ten\".", 400));

        type.ShouldBe(ProblemTypes.MalformedRequest);
        detail.ShouldBe("Failed to bind parameter \"int limit\" from \"ten\".");
        field.ShouldBeNull();
    }

    public static TheoryData<Exception> DatabaseDown => new()
    {
        new NpgsqlException("Failed to connect to 127.0.0.1:5432 password=hunter2", new SocketException((int)SocketError.ConnectionRefused)),
        new NpgsqlException("Exception while reading from stream password=hunter2", new TimeoutException()),
        new TimeoutException("The operation has timed out password=hunter2"),
        new InvalidOperationException("An exception has been raised that is likely due to a transient failure password=hunter2", new NpgsqlException("inner")),
    };

    [Theory]
    [MemberData(nameof(DatabaseDown))]
    public void Classify_DatabaseUnreachable_IsServiceUnavailableWithoutTheMessage(Exception exception)
    {
        var (type, detail, field) = ProblemExceptionHandler.Classify(exception);

        type.ShouldBe(ProblemTypes.ServiceUnavailable);
        type.Status.ShouldBe(503);
        detail.ShouldBe("The database cannot be reached. Nothing was changed; retry later.");
        detail.ShouldNotContain("hunter2");
        field.ShouldBeNull();
    }

    [Fact]
    public void Classify_TransientNpgsqlException_IsTransientAsAssumed()
    {
        new NpgsqlException("x", new TimeoutException()).IsTransient.ShouldBeTrue();
        new NpgsqlException("x").IsTransient.ShouldBeFalse();
    }

    public static TheoryData<Exception> Unexpected => new()
    {
        new InvalidOperationException("Host=db;Username=bridge;Password=hunter2"),
        new NpgsqlException("permission denied for table networks password=hunter2"), // not transient
        new NullReferenceException("hunter2"),
        new ArgumentException("hunter2", "name"),
    };

    [Theory]
    [MemberData(nameof(Unexpected))]
    public void Classify_UnexpectedException_IsInternalAndNeverEchoesTheMessage(Exception exception)
    {
        var (type, detail, field) = ProblemExceptionHandler.Classify(exception);

        type.ShouldBe(ProblemTypes.Internal);
        type.Status.ShouldBe(500);
        detail.ShouldBe("An unexpected error occurred. Quote the requestId when reporting it.");
        detail.ShouldNotContain(exception.Message);
        detail.ShouldNotContain("hunter2");
        field.ShouldBeNull();
    }
}
