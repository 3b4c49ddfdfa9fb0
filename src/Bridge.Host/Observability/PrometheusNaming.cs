using System.Globalization;
using System.Text;

namespace Bridge.Host.Observability;

/// <summary>
/// Maps <see cref="System.Diagnostics.Metrics"/> instrument names, units and tags onto Prometheus
/// metric names, label names and text-format escapes.
/// </summary>
/// <remarks>
/// <para>
/// Sources (facts only, no code taken from anywhere):
/// the Prometheus text exposition format 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format) and the data
/// model (https://prometheus.io/docs/concepts/data_model/#metric-names-and-labels): metric names
/// match <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>, label names match <c>[a-zA-Z_][a-zA-Z0-9_]*</c> (no
/// colon); in label values <c>\</c>, <c>"</c> and line feed are escaped as <c>\\</c>, <c>\"</c>
/// and <c>\n</c>; in HELP text only <c>\</c> and line feed are escaped; floats may be written as
/// <c>+Inf</c>, <c>-Inf</c> and <c>NaN</c>. Unit and <c>_total</c> suffixes follow the
/// OpenMetrics naming conventions
/// (https://github.com/prometheus/OpenMetrics/blob/main/specification/OpenMetrics.md — "a metric
/// MUST have the unit as a suffix", counters end in <c>_total</c> after the unit) and the
/// Prometheus naming guide (https://prometheus.io/docs/practices/naming/: base units, seconds,
/// bytes).
/// </para>
/// <para>Mapping rules, in order:</para>
/// <list type="number">
/// <item>Every character outside <c>[a-zA-Z0-9_:]</c> (dots, dashes, slashes…) becomes <c>_</c>;
/// a leading digit gets a <c>_</c> prefix. <c>http.server.request.duration</c> →
/// <c>http_server_request_duration</c>.</item>
/// <item>A unit suffix is appended when the UCUM unit is known and the name does not already end
/// with it: <c>s</c> → <c>_seconds</c>, <c>ms</c> → <c>_milliseconds</c>, <c>By</c> →
/// <c>_bytes</c>. Annotation units in curly braces (<c>{request}</c>, <c>{connection}</c>),
/// <c>1</c> and unknown units add nothing.</item>
/// <item>Counters (monotonic sums) end in <c>_total</c>, placed after the unit:
/// <c>dotnet.process.cpu.time</c> (s) → <c>dotnet_process_cpu_time_seconds_total</c>.</item>
/// <item>Label (tag) names: every character outside <c>[a-zA-Z0-9_]</c> becomes <c>_</c> (so
/// <c>http.request.method</c> → <c>http_request_method</c>), a leading digit gets a <c>_</c>
/// prefix. Labels are written sorted by the original tag key (ordinal).</item>
/// </list>
/// </remarks>
internal static class PrometheusNaming
{
    private const string TotalSuffix = "_total";

    /// <summary>Returns the Prometheus metric family name for an instrument.</summary>
    public static string GetMetricName(string instrumentName, string? unit, bool isCounter)
    {
        ArgumentNullException.ThrowIfNull(instrumentName);

        var name = SanitizeMetricName(instrumentName);
        if (isCounter && name.Length > TotalSuffix.Length && name.EndsWith(TotalSuffix, StringComparison.Ordinal))
        {
            // Re-added below, after the unit, as OpenMetrics orders it.
            name = name[..^TotalSuffix.Length];
        }

        var unitSuffix = GetUnitSuffix(unit);
        if (unitSuffix is not null && !name.EndsWith(unitSuffix, StringComparison.Ordinal))
        {
            name += unitSuffix;
        }

        return isCounter ? name + TotalSuffix : name;
    }

    /// <summary>The suffix for a UCUM unit, or null when the unit adds none.</summary>
    public static string? GetUnitSuffix(string? unit) => unit switch
    {
        "s" => "_seconds",
        "ms" => "_milliseconds",
        "By" => "_bytes",
        _ => null, // "{request}"-style annotations, "1", unknown units
    };

    /// <summary>Replaces every character outside <c>[a-zA-Z0-9_:]</c> with <c>_</c>.</summary>
    public static string SanitizeMetricName(string name) => Sanitize(name, allowColon: true);

    /// <summary>Replaces every character outside <c>[a-zA-Z0-9_]</c> with <c>_</c>.</summary>
    public static string SanitizeLabelName(string name) => Sanitize(name, allowColon: false);

    /// <summary>Escapes a label value: backslash, double quote and line feed.</summary>
    public static string EscapeLabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny('\\', '"', '\n') < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            AppendEscapedLabelChar(builder, c);
        }

        return builder.ToString();
    }

    /// <summary>Escapes HELP text: backslash and line feed (double quotes stay as they are).</summary>
    public static string EscapeHelp(string help)
    {
        ArgumentNullException.ThrowIfNull(help);
        if (help.AsSpan().IndexOfAny('\\', '\n') < 0)
        {
            return help;
        }

        var builder = new StringBuilder(help.Length + 8);
        foreach (var c in help)
        {
            switch (c)
            {
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Formats a sample value: shortest round-trippable invariant form, or <c>+Inf</c>,
    /// <c>-Inf</c>, <c>NaN</c>.
    /// </summary>
    public static string FormatValue(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    internal static char MapLabelNameChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' ? c : '_';

    internal static void AppendEscapedLabelChar(StringBuilder builder, char c)
    {
        switch (c)
        {
            case '\\':
                builder.Append("\\\\");
                break;
            case '"':
                builder.Append("\\\"");
                break;
            case '\n':
                builder.Append("\\n");
                break;
            default:
                builder.Append(c);
                break;
        }
    }

    private static string Sanitize(string name, bool allowColon)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return "_";
        }

        var needsPrefix = char.IsAsciiDigit(name[0]);
        return string.Create(name.Length + (needsPrefix ? 1 : 0), (name, allowColon, needsPrefix), static (span, state) =>
        {
            var offset = 0;
            if (state.needsPrefix)
            {
                span[0] = '_';
                offset = 1;
            }

            for (var i = 0; i < state.name.Length; i++)
            {
                var c = state.name[i];
                var keep = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_'
                    || (state.allowColon && c == ':');
                span[i + offset] = keep ? c : '_';
            }
        });
    }
}
