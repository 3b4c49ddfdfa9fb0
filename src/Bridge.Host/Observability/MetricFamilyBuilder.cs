using System.Text;

namespace Bridge.Host.Observability;

/// <summary>
/// Accumulates the sample lines of one metric family during a scrape, then writes
/// <c># HELP</c>, <c># TYPE</c> and the samples (Prometheus text format 0.0.4:
/// https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format — "only one
/// TYPE line may exist for a given metric name" and it must come before the first sample;
/// all lines of a family are written together).
/// </summary>
internal sealed class MetricFamilyBuilder
{
    private readonly HashSet<string> _seriesKeys = new(StringComparer.Ordinal);
    private readonly StringBuilder _samples = new();

    public MetricFamilyBuilder(string name, string type, string? help)
    {
        Name = name;
        Type = type;
        Help = help;
    }

    /// <summary>The family name used on the HELP and TYPE lines.</summary>
    public string Name { get; }

    /// <summary><c>counter</c>, <c>gauge</c> or <c>histogram</c>.</summary>
    public string Type { get; }

    /// <summary>Unescaped HELP text; the first non-empty description wins.</summary>
    public string? Help { get; set; }

    /// <summary>
    /// Registers a series (its rendered label set). Returns false when the family already has
    /// it, which happens only when two instruments map to the same name; the first one wins
    /// so the output never carries duplicate samples.
    /// </summary>
    public bool TryAddSeries(string labelKey) => _seriesKeys.Add(labelKey);

    /// <summary>
    /// Appends one sample line: <c>name{suffix}{labels[,le="x"]} value</c>.
    /// </summary>
    /// <param name="suffix"><c>""</c>, <c>_bucket</c>, <c>_sum</c> or <c>_count</c>.</param>
    /// <param name="labelKey">Already escaped <c>a="b",c="d"</c>, or empty.</param>
    /// <param name="le">Formatted bucket bound for <c>_bucket</c> lines, else null.</param>
    /// <param name="value">The sample value.</param>
    public void AppendSample(string suffix, string labelKey, string? le, double value)
    {
        _samples.Append(Name).Append(suffix);
        if (labelKey.Length > 0 || le is not null)
        {
            _samples.Append('{').Append(labelKey);
            if (le is not null)
            {
                if (labelKey.Length > 0)
                {
                    _samples.Append(',');
                }

                _samples.Append("le=\"").Append(le).Append('"');
            }

            _samples.Append('}');
        }

        _samples.Append(' ').Append(PrometheusNaming.FormatValue(value)).Append('\n');
    }

    /// <summary>Writes the family (nothing when it has no samples).</summary>
    public void WriteTo(StringBuilder output)
    {
        if (_samples.Length == 0)
        {
            return;
        }

        if (!string.IsNullOrEmpty(Help))
        {
            output.Append("# HELP ").Append(Name).Append(' ').Append(PrometheusNaming.EscapeHelp(Help)).Append('\n');
        }

        output.Append("# TYPE ").Append(Name).Append(' ').Append(Type).Append('\n');
        output.Append(_samples);
    }
}
