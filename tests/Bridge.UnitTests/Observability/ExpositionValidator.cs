using System.Text.RegularExpressions;

namespace Bridge.UnitTests.Observability;

/// <summary>
/// A small checker for the Prometheus text format 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format): sample line
/// grammar, exactly one TYPE per family before its samples, families not interleaved.
/// Returns the problems found (empty when valid).
/// </summary>
internal static partial class ExpositionValidator
{
    private const string LabelValue = """(?:[^"\\\n]|\\[\\"n])*""";
    private const string Label = "[a-zA-Z_][a-zA-Z0-9_]*=\"" + LabelValue + "\"";
    private const string Number = @"(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]Inf|NaN)";

    public static IReadOnlyList<string> Validate(string exposition)
    {
        var problems = new List<string>();
        if (exposition.Length > 0 && !exposition.EndsWith('\n'))
        {
            problems.Add("output does not end with a line feed");
        }

        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var lineNumber = 0;

        foreach (var line in exposition.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var type = TypeLine().Match(line);
                if (type.Success)
                {
                    var name = type.Groups["name"].Value;
                    if (!typed.TryAdd(name, type.Groups["type"].Value))
                    {
                        problems.Add($"line {lineNumber}: second TYPE for {name}");
                    }

                    Switch(ref current, name, finished, problems, lineNumber);
                }
                else if (HelpLine().Match(line) is { Success: true } help)
                {
                    Switch(ref current, help.Groups["name"].Value, finished, problems, lineNumber);
                }
                else if (line.StartsWith("# HELP", StringComparison.Ordinal) || line.StartsWith("# TYPE", StringComparison.Ordinal))
                {
                    problems.Add($"line {lineNumber}: malformed metadata: {line}");
                }

                continue;
            }

            var sample = SampleLine().Match(line);
            if (!sample.Success)
            {
                problems.Add($"line {lineNumber}: malformed sample: {line}");
                continue;
            }

            var family = FamilyOf(sample.Groups["name"].Value, typed);
            if (family is null)
            {
                problems.Add($"line {lineNumber}: sample before its TYPE: {line}");
                continue;
            }

            if (family != current)
            {
                problems.Add($"line {lineNumber}: sample of {family} outside its family block");
            }
        }

        return problems;
    }

    private static void Switch(ref string? current, string name, HashSet<string> finished, List<string> problems, int lineNumber)
    {
        if (current == name)
        {
            return;
        }

        if (current is not null)
        {
            finished.Add(current);
        }

        if (finished.Contains(name))
        {
            problems.Add($"line {lineNumber}: family {name} appears twice");
        }

        current = name;
    }

    private static string? FamilyOf(string sampleName, Dictionary<string, string> typed)
    {
        if (typed.ContainsKey(sampleName))
        {
            return sampleName;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal))
            {
                var baseName = sampleName[..^suffix.Length];
                if (typed.TryGetValue(baseName, out var type) && type == "histogram")
                {
                    return baseName;
                }
            }
        }

        return null;
    }

    [GeneratedRegex(@"^# TYPE (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<type>counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^# HELP (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) .*$")]
    private static partial Regex HelpLine();

    [GeneratedRegex("^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{" + Label + "(?:," + Label + ")*\\})? " + Number + "$")]
    private static partial Regex SampleLine();
}
