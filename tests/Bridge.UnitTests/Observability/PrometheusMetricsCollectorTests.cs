using System.Diagnostics.Metrics;
using System.Globalization;
using Bridge.Host.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.UnitTests.Observability;

[Trait("Category", "Unit")]
public sealed class PrometheusMetricsCollectorTests
{
    private static readonly KeyValuePair<string, object?>[] BuyAtX = [new("venue", "X"), new("side", "buy")];

    [Fact]
    public void Collect_CounterWithTags_WritesTotalFamilyWithSortedLabels()
    {
        using var scope = new MetricsTestScope();
        var counter = scope.Meter.CreateCounter<long>("bridge.tests.orders", "{order}", "Orders received.");

        counter.Add(2, BuyAtX);
        counter.Add(3, new KeyValuePair<string, object?>("side", "buy"), new KeyValuePair<string, object?>("venue", "X"));
        counter.Add(1, new KeyValuePair<string, object?>("side", "sell"), new KeyValuePair<string, object?>("venue", "X"));

        scope.Collector.Collect().ShouldBe(
            """
            # HELP bridge_tests_orders_total Orders received.
            # TYPE bridge_tests_orders_total counter
            bridge_tests_orders_total{side="buy",venue="X"} 5
            bridge_tests_orders_total{side="sell",venue="X"} 1

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Collect_CounterWithoutMeasurements_WritesNothing()
    {
        using var scope = new MetricsTestScope();
        scope.Meter.CreateCounter<long>("bridge.tests.unused");

        scope.Collector.Collect().ShouldBeEmpty();
    }

    [Fact]
    public void Collect_CounterNegativeDelta_IsIgnored()
    {
        using var scope = new MetricsTestScope();
        var counter = scope.Meter.CreateCounter<int>("bridge.tests.monotonic");

        counter.Add(4);
        counter.Add(-3);

        scope.CollectLines().ShouldContain("bridge_tests_monotonic_total 4");
    }

    [Fact]
    public void Collect_UpDownCounter_WritesGaugeWithSum()
    {
        using var scope = new MetricsTestScope();
        var active = scope.Meter.CreateUpDownCounter<long>("bridge.tests.active_sessions", "{session}", "Open sessions.");

        active.Add(5);
        active.Add(-2);

        scope.CollectLines().ShouldBe(
        [
            "# HELP bridge_tests_active_sessions Open sessions.",
            "# TYPE bridge_tests_active_sessions gauge",
            "bridge_tests_active_sessions 3",
        ]);
    }

    [Fact]
    public void Collect_ObservableGauge_ReadsCallbackOnEveryScrape()
    {
        using var scope = new MetricsTestScope();
        var depth = 7.5;
        scope.Meter.CreateObservableGauge("bridge.tests.queue.depth", () => new Measurement<double>(depth, new KeyValuePair<string, object?>("queue", "outbox")));

        var first = scope.CollectLines();
        depth = 2;
        var second = scope.CollectLines();

        first.ShouldBe(["# TYPE bridge_tests_queue_depth gauge", "bridge_tests_queue_depth{queue=\"outbox\"} 7.5"]);
        second.ShouldBe(["# TYPE bridge_tests_queue_depth gauge", "bridge_tests_queue_depth{queue=\"outbox\"} 2"]);
    }

    [Fact]
    public void Collect_ObservableSeriesNoLongerReported_IsDropped()
    {
        using var scope = new MetricsTestScope();
        var pools = new List<string> { "a", "b" };
        scope.Meter.CreateObservableUpDownCounter(
            "bridge.tests.pool.usage",
            () => pools.Select(p => new Measurement<int>(1, new KeyValuePair<string, object?>("pool", p))));

        scope.CollectLines().Count(l => l.StartsWith("bridge_tests_pool_usage{", StringComparison.Ordinal)).ShouldBe(2);
        pools.Remove("a");

        scope.CollectLines().ShouldBe(["# TYPE bridge_tests_pool_usage gauge", "bridge_tests_pool_usage{pool=\"b\"} 1"]);
    }

    [Fact]
    public void Collect_ObservableCounter_ExposesReportedTotalNotAccumulated()
    {
        using var scope = new MetricsTestScope();
        long collections = 10;
        scope.Meter.CreateObservableCounter("bridge.tests.gc.collections", () => collections, "{collection}");

        scope.Collector.Collect();
        collections = 12;

        scope.CollectLines().ShouldBe(["# TYPE bridge_tests_gc_collections_total counter", "bridge_tests_gc_collections_total 12"]);
    }

    [Fact]
    public void Collect_SynchronousGauge_WritesLastValue()
    {
        using var scope = new MetricsTestScope();
        var gauge = scope.Meter.CreateGauge<double>("bridge.tests.temperature");

        gauge.Record(21.5);
        gauge.Record(19.25);

        scope.CollectLines().ShouldContain("bridge_tests_temperature 19.25");
    }

    [Fact]
    public void Collect_HistogramWithAdvice_WritesCumulativeBucketsSumAndCount()
    {
        using var scope = new MetricsTestScope();
        var histogram = scope.Meter.CreateHistogram<double>(
            "bridge.tests.relay.duration",
            unit: "s",
            description: "Relay latency.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.125, 0.5, 1] });
        var tag = new KeyValuePair<string, object?>("adapter", "fix");

        foreach (var value in new[] { 0.0625, 0.125, 0.25, 0.75, 2 })
        {
            histogram.Record(value, tag);
        }

        scope.CollectLines().ShouldBe(
        [
            "# HELP bridge_tests_relay_duration_seconds Relay latency.",
            "# TYPE bridge_tests_relay_duration_seconds histogram",
            "bridge_tests_relay_duration_seconds_bucket{adapter=\"fix\",le=\"0.125\"} 2",
            "bridge_tests_relay_duration_seconds_bucket{adapter=\"fix\",le=\"0.5\"} 3",
            "bridge_tests_relay_duration_seconds_bucket{adapter=\"fix\",le=\"1\"} 4",
            "bridge_tests_relay_duration_seconds_bucket{adapter=\"fix\",le=\"+Inf\"} 5",
            "bridge_tests_relay_duration_seconds_sum{adapter=\"fix\"} 3.1875",
            "bridge_tests_relay_duration_seconds_count{adapter=\"fix\"} 5",
        ]);
    }

    [Fact]
    public void Collect_HistogramWithoutAdviceInMilliseconds_UsesDefaultBucketsTimesThousand()
    {
        using var scope = new MetricsTestScope();
        var histogram = scope.Meter.CreateHistogram<int>("bridge.tests.query.time", unit: "ms");

        histogram.Record(30);
        histogram.Record(20_000);

        var buckets = scope.CollectLines()
            .Where(l => l.StartsWith("bridge_tests_query_time_milliseconds_bucket", StringComparison.Ordinal))
            .ToArray();
        buckets.Length.ShouldBe(15);
        buckets[0].ShouldBe("bridge_tests_query_time_milliseconds_bucket{le=\"5\"} 0");
        buckets[3].ShouldBe("bridge_tests_query_time_milliseconds_bucket{le=\"50\"} 1");
        buckets[13].ShouldBe("bridge_tests_query_time_milliseconds_bucket{le=\"10000\"} 1");
        buckets[14].ShouldBe("bridge_tests_query_time_milliseconds_bucket{le=\"+Inf\"} 2");
    }

    [Fact]
    public void Collect_HistogramWithoutAdviceOrUnit_UsesDefaultBuckets()
    {
        using var scope = new MetricsTestScope();
        scope.Meter.CreateHistogram<double>("bridge.tests.ratio").Record(0.3);

        var bounds = scope.CollectLines()
            .Where(l => l.StartsWith("bridge_tests_ratio_bucket", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("le=\"", StringComparison.Ordinal) + 4)..l.IndexOf("\"}", StringComparison.Ordinal)]);

        bounds.ShouldBe(["0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1", "2.5", "5", "7.5", "10", "+Inf"]);
    }

    [Fact]
    public void Collect_LabelValueWithSpecialCharacters_IsEscaped()
    {
        using var scope = new MetricsTestScope();
        var counter = scope.Meter.CreateCounter<long>("bridge.tests.escaping", description: "Back\\slash and\nnew \"line\".");

        counter.Add(1, new KeyValuePair<string, object?>("path", "C:\\dir\\\"quoted\"\nnext"));

        scope.CollectLines().ShouldBe(
        [
            "# HELP bridge_tests_escaping_total Back\\\\slash and\\nnew \"line\".",
            "# TYPE bridge_tests_escaping_total counter",
            "bridge_tests_escaping_total{path=\"C:\\\\dir\\\\\\\"quoted\\\"\\nnext\"} 1",
        ]);
    }

    [Fact]
    public void Collect_TagNamesAndNonStringValues_AreSanitisedAndFormattedInvariantly()
    {
        using var scope = new MetricsTestScope();
        var counter = scope.Meter.CreateCounter<long>("bridge.tests.tags");

        counter.Add(
            1,
            new KeyValuePair<string, object?>("http.response.status_code", 503),
            new KeyValuePair<string, object?>("error-rate", 0.5),
            new KeyValuePair<string, object?>("9th", true),
            new KeyValuePair<string, object?>("missing", null));

        scope.CollectLines().ShouldContain(
            "bridge_tests_tags_total{_9th=\"true\",error_rate=\"0.5\",http_response_status_code=\"503\",missing=\"\"} 1");
    }

    [Theory]
    [InlineData("http.server.request.duration", "s", false, "http_server_request_duration_seconds")]
    [InlineData("db.client.commands.duration", "ms", false, "db_client_commands_duration_milliseconds")]
    [InlineData("dotnet.process.memory.working_set", "By", false, "dotnet_process_memory_working_set_bytes")]
    [InlineData("dotnet.gc.heap.total_allocated", "By", true, "dotnet_gc_heap_total_allocated_bytes_total")]
    [InlineData("dotnet.process.cpu.time", "s", true, "dotnet_process_cpu_time_seconds_total")]
    [InlineData("http.server.active_requests", "{request}", false, "http_server_active_requests")]
    [InlineData("kestrel.active-connections/v2", "{connection}", false, "kestrel_active_connections_v2")]
    [InlineData("bridge.api.problems", "{problem}", true, "bridge_api_problems_total")]
    [InlineData("bridge.requests_total", null, true, "bridge_requests_total")]
    [InlineData("bridge.wait_seconds", "s", false, "bridge_wait_seconds")]
    [InlineData("bridge.wait_seconds_total", "s", true, "bridge_wait_seconds_total")]
    [InlineData("bridge.ratio", "1", false, "bridge_ratio")]
    [InlineData("9lives", null, false, "_9lives")]
    [InlineData("ns:metric.x", "KiBy", false, "ns:metric_x")]
    public void GetMetricName_InstrumentNameAndUnit_MapsToPrometheusName(string instrument, string? unit, bool isCounter, string expected)
    {
        PrometheusNaming.GetMetricName(instrument, unit, isCounter).ShouldBe(expected);
    }

    [Fact]
    public void SanitizeLabelName_ColonsAndDots_BecomeUnderscores()
    {
        PrometheusNaming.SanitizeLabelName("ns:http.route").ShouldBe("ns_http_route");
    }

    [Fact]
    public void Collect_InstrumentWithUnit_UsesMappedName()
    {
        using var scope = new MetricsTestScope();
        scope.Meter.CreateCounter<double>("bridge.tests.cpu.time", unit: "s").Add(1.5);
        scope.Meter.CreateUpDownCounter<long>("bridge.tests.heap.size", unit: "By").Add(4096);

        var lines = scope.CollectLines();

        lines.ShouldContain("# TYPE bridge_tests_cpu_time_seconds_total counter");
        lines.ShouldContain("bridge_tests_cpu_time_seconds_total 1.5");
        lines.ShouldContain("# TYPE bridge_tests_heap_size_bytes gauge");
        lines.ShouldContain("bridge_tests_heap_size_bytes 4096");
    }

    [Fact]
    public void Collect_AllNumericMeasurementTypes_AreConvertedToDouble()
    {
        using var scope = new MetricsTestScope();
        scope.Meter.CreateCounter<byte>("bridge.tests.t.byte").Add(200);
        scope.Meter.CreateCounter<short>("bridge.tests.t.short").Add(30_000);
        scope.Meter.CreateCounter<int>("bridge.tests.t.int").Add(2_000_000_000);
        scope.Meter.CreateCounter<long>("bridge.tests.t.long").Add(9_000_000_000);
        scope.Meter.CreateCounter<float>("bridge.tests.t.float").Add(0.5f);
        scope.Meter.CreateCounter<double>("bridge.tests.t.double").Add(0.25);
        scope.Meter.CreateCounter<decimal>("bridge.tests.t.decimal").Add(12.75m);

        var lines = scope.CollectLines();

        lines.ShouldContain("bridge_tests_t_byte_total 200");
        lines.ShouldContain("bridge_tests_t_short_total 30000");
        lines.ShouldContain("bridge_tests_t_int_total 2000000000");
        lines.ShouldContain("bridge_tests_t_long_total 9000000000");
        lines.ShouldContain("bridge_tests_t_float_total 0.5");
        lines.ShouldContain("bridge_tests_t_double_total 0.25");
        lines.ShouldContain("bridge_tests_t_decimal_total 12.75");
    }

    [Fact]
    public void Collect_NonFiniteGaugeValues_AreWrittenAsInfAndNaN()
    {
        using var scope = new MetricsTestScope();
        scope.Meter.CreateObservableGauge("bridge.tests.edge", () => new[]
        {
            new Measurement<double>(double.PositiveInfinity, new KeyValuePair<string, object?>("k", "pos")),
            new Measurement<double>(double.NegativeInfinity, new KeyValuePair<string, object?>("k", "neg")),
            new Measurement<double>(double.NaN, new KeyValuePair<string, object?>("k", "nan")),
        });

        scope.CollectLines().ShouldBe(
        [
            "# TYPE bridge_tests_edge gauge",
            "bridge_tests_edge{k=\"nan\"} NaN",
            "bridge_tests_edge{k=\"neg\"} -Inf",
            "bridge_tests_edge{k=\"pos\"} +Inf",
        ]);
    }

    [Fact]
    public void Collect_MeterFromDifferentFactory_IsExcluded()
    {
        using var scope = new MetricsTestScope();
        using var otherProvider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var otherMeter = otherProvider.GetRequiredService<IMeterFactory>().Create(MetricsTestScope.MeterName);
        using var unscopedMeter = new Meter("Bridge.Tests.Unscoped");

        scope.Meter.CreateCounter<long>("bridge.tests.mine").Add(1);
        otherMeter.CreateCounter<long>("bridge.tests.theirs").Add(1);
        unscopedMeter.CreateCounter<long>("bridge.tests.static").Add(1);

        var text = scope.Collector.Collect();

        text.ShouldContain("bridge_tests_mine_total 1");
        text.ShouldContain("bridge_tests_static_total 1");
        text.ShouldNotContain("theirs");
    }

    [Fact]
    public void Collect_MeterNotInAllowList_IsExcluded()
    {
        using var scope = new MetricsTestScope();
        var foreign = scope.MeterFactory.Create("Contoso.Other");

        foreign.CreateCounter<long>("contoso.requests").Add(1);

        scope.Collector.Collect().ShouldNotContain("contoso");
    }

    [Fact]
    public void Collect_AfterMeterDisposed_DropsItsFamilies()
    {
        using var scope = new MetricsTestScope();
        using var meter = new Meter("Bridge.Tests.ShortLived");
        meter.CreateCounter<long>("bridge.tests.short_lived").Add(1);
        scope.Collector.Collect().ShouldContain("bridge_tests_short_lived_total 1");

        meter.Dispose();

        scope.Collector.Collect().ShouldNotContain("short_lived");
    }

    [Fact]
    public void Collect_SeriesLimitReached_DropsNewTagSets()
    {
        using var scope = new MetricsTestScope(o => o.MaxSeriesPerInstrument = 2);
        var counter = scope.Meter.CreateCounter<long>("bridge.tests.limited");

        foreach (var user in new[] { "a", "b", "c", "a" })
        {
            counter.Add(1, new KeyValuePair<string, object?>("user", user));
        }

        scope.CollectLines().Where(l => !l.StartsWith('#')).ShouldBe(
        [
            "bridge_tests_limited_total{user=\"a\"} 2",
            "bridge_tests_limited_total{user=\"b\"} 1",
        ]);
    }

    [Fact]
    public void Collect_TwoInstrumentsWithSameMappedName_WritesOneFamily()
    {
        using var scope = new MetricsTestScope();
        using var second = new Meter("Bridge.Tests.Second");
        scope.Meter.CreateUpDownCounter<long>("bridge.tests.dup").Add(1, new KeyValuePair<string, object?>("k", "1"));
        second.CreateUpDownCounter<long>("bridge_tests_dup").Add(1, new KeyValuePair<string, object?>("k", "2"));
        second.CreateUpDownCounter<long>("bridge-tests-dup").Add(5, new KeyValuePair<string, object?>("k", "2"));
        second.CreateHistogram<double>("bridge.tests.dup").Record(1);

        var text = scope.Collector.Collect();

        ExpositionValidator.Validate(text).ShouldBeEmpty();
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(
        [
            "# TYPE bridge_tests_dup gauge",
            "bridge_tests_dup{k=\"1\"} 1",
            "bridge_tests_dup{k=\"2\"} 5", // "bridge-tests-dup" sorts before "bridge_tests_dup"; first wins
        ]);
    }

    [Fact]
    public void Collect_ProcessMetricsEnabled_WritesPlausibleProcessGauges()
    {
        using var scope = new MetricsTestScope(o => o.IncludeProcessMetrics = true);
        var nowSeconds = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();

        var values = scope.CollectLines()
            .Where(l => l.StartsWith("process_", StringComparison.Ordinal))
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));

        values["process_resident_memory_bytes"].ShouldBeGreaterThan(1024 * 1024);
        values["process_cpu_seconds_total"].ShouldBeGreaterThan(0);
        values["process_threads"].ShouldBeGreaterThan(0);
        values["process_start_time_seconds"].ShouldBeGreaterThan(1_600_000_000);
        values["process_start_time_seconds"].ShouldBeLessThanOrEqualTo(nowSeconds + 1);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            values["process_open_fds"].ShouldBeGreaterThan(0);
        }

        scope.CollectLines().ShouldContain("# TYPE process_cpu_seconds_total counter");
        scope.CollectLines().ShouldContain("# TYPE process_resident_memory_bytes gauge");
    }

    [Fact]
    public void Collect_DefaultOptionsWithEveryInstrumentKind_IsValidExposition()
    {
        using var provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = provider.GetRequiredService<IMeterFactory>();
        using var collector = new PrometheusMetricsCollector(factory);
        var meter = factory.Create("Bridge.Tests.Validation");
        var tags = new KeyValuePair<string, object?>[] { new("weird.key-name", "quote\" back\\ nl\n"), new("n", 1) };
        meter.CreateCounter<long>("bridge.validation.count", "{item}", "A counter.").Add(3, tags);
        meter.CreateUpDownCounter<int>("bridge.validation.updown").Add(-2, tags);
        meter.CreateGauge<float>("bridge.validation.gauge").Record(1.5f, tags);
        meter.CreateObservableGauge("bridge.validation.observed", () => double.NaN, "By");
        meter.CreateObservableCounter("bridge.validation.observed.total", () => 5L, "s");
        meter.CreateHistogram<double>("bridge.validation.latency", "ms", "Help with\nnewline.").Record(12, tags);
        meter.CreateHistogram<long>("bridge.validation.sizes", "By").Record(70_000);

        var text = collector.Collect();

        ExpositionValidator.Validate(text).ShouldBeEmpty();
        text.ShouldContain("# TYPE bridge_validation_latency_milliseconds histogram");
        text.ShouldContain("# TYPE dotnet_gc_collections_total counter");
        text.ShouldContain("# TYPE dotnet_thread_pool_thread_count gauge"); // runtime publishes it as a counter
        text.ShouldContain("# TYPE process_open_fds gauge");
    }

    [Fact]
    public void Validate_MalformedExposition_ReportsProblems()
    {
        const string Bad = "# TYPE a counter\na 1\nb 2\n# TYPE a counter\na{x=\"unterminated} 3\n";

        ExpositionValidator.Validate(Bad).Count.ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task WriteAsync_Stream_WritesUtf8WithoutByteOrderMark()
    {
        using var scope = new MetricsTestScope();
        scope.Meter.CreateCounter<long>("bridge.tests.unicode").Add(1, new KeyValuePair<string, object?>("name", "Zürich"));
        using var stream = new MemoryStream();

        await scope.Collector.WriteAsync(stream, TestContext.Current.CancellationToken);

        var bytes = stream.ToArray();
        bytes[0].ShouldBe((byte)'#');
        System.Text.Encoding.UTF8.GetString(bytes).ShouldContain("name=\"Zürich\"");
    }

    [Fact]
    public async Task WriteAsync_TextWriter_WritesSameTextAsCollect()
    {
        using var scope = new MetricsTestScope();
        scope.Meter.CreateCounter<long>("bridge.tests.writer").Add(1);
        await using var writer = new StringWriter(CultureInfo.InvariantCulture);

        await scope.Collector.WriteAsync(writer, TestContext.Current.CancellationToken);

        writer.ToString().ShouldBe(scope.Collector.Collect());
    }

    [Fact]
    public void Collect_AfterDispose_Throws()
    {
        var scope = new MetricsTestScope();
        scope.Dispose();

        Should.Throw<ObjectDisposedException>(() => scope.Collector.Collect());
    }

    [Fact]
    public async Task Record_ConcurrentWriters_LosesNoMeasurements()
    {
        using var scope = new MetricsTestScope();
        var counter = scope.Meter.CreateCounter<long>("bridge.tests.concurrent");
        var histogram = scope.Meter.CreateHistogram<double>("bridge.tests.concurrent.latency", "s");
        var ct = TestContext.Current.CancellationToken;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(
            () =>
            {
                for (var i = 0; i < 10_000; i++)
                {
                    counter.Add(1, new KeyValuePair<string, object?>("worker", worker % 2));
                    histogram.Record(0.01);
                    if (i % 1000 == 0)
                    {
                        scope.Collector.Collect();
                    }
                }
            },
            ct)));

        var lines = scope.CollectLines();
        lines.ShouldContain("bridge_tests_concurrent_total{worker=\"0\"} 40000");
        lines.ShouldContain("bridge_tests_concurrent_total{worker=\"1\"} 40000");
        lines.ShouldContain("bridge_tests_concurrent_latency_seconds_count 80000");
        lines.ShouldContain("bridge_tests_concurrent_latency_seconds_bucket{le=\"+Inf\"} 80000");
    }
}
