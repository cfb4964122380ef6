using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AttentionCourse.Notebooks.Ipynb;

/// <summary>A notebook file that cannot be read: malformed JSON, not nbformat 4, or not a C# notebook. The message names the file.</summary>
public sealed class NotebookFormatException(string message) : Exception(message);

/// <summary>One cell as the engine sees it.</summary>
/// <param name="Index">Zero-based position among all cells.</param>
/// <param name="Number">One-based position among code cells ("cell 3" in messages).</param>
/// <param name="Source">The cell's source text.</param>
/// <param name="Language">The cell's kernel name (csharp unless its metadata says otherwise).</param>
public sealed record CodeCell(int Index, int Number, string Source, string Language);

/// <summary>
/// An nbformat 4 notebook as VS Code and Polyglot Notebooks write it. Everything the engine does not
/// change is kept as it was; it writes the way VS Code does (sorted keys, one-space indent, final
/// newline), so an unchanged notebook executed twice gives the same bytes.
/// </summary>
public sealed class NotebookDocument
{
    /// <summary>Kernelspec names the engine runs: Polyglot's <c>.net-csharp</c> and the course kernel's own.</summary>
    public static readonly IReadOnlyList<string> AcceptedKernels = [".net-csharp", "csharp-attention-course"];

    readonly JsonObject _root;

    NotebookDocument(string path, JsonObject root)
    {
        Path = path;
        _root = root;
    }

    /// <summary>Where the notebook was read from.</summary>
    public string Path { get; }

    /// <summary>The code cells, in order.</summary>
    public IReadOnlyList<CodeCell> CodeCells => Cells()
        .Select((cell, index) => (cell: cell!, index))
        .Where(c => StringOrNull(c.cell["cell_type"]) == "code")
        .Select((c, number) => new CodeCell(c.index, number + 1, SourceOf(c.cell), LanguageOf(c.cell)))
        .ToList();

    /// <summary>Reads and checks <paramref name="path"/>; throws <see cref="NotebookFormatException"/> with a one-line message naming the file.</summary>
    public static NotebookDocument Load(string path)
    {
        if (!File.Exists(path)) throw new NotebookFormatException($"{path}: no such notebook.");
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NotebookFormatException($"{path}: cannot be read: {OneLine(e.Message)}");
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException($"{path}: malformed JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: {e.Message.Split(" Path:")[0]}");
        }
        try
        {
            return Check(path, node);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            // Duplicate keys and values of an unexpected JSON type surface only when read.
            throw new NotebookFormatException($"{path}: not a valid notebook: {OneLine(e.Message)}");
        }
    }

    static NotebookDocument Check(string path, JsonNode? node)
    {
        if (node is not JsonObject root) throw new NotebookFormatException($"{path}: not a notebook (the top level is not a JSON object).");
        var major = root["nbformat"]?.GetValueKind() == JsonValueKind.Number ? root["nbformat"]!.GetValue<int>() : -1;
        if (major != 4) throw new NotebookFormatException($"{path}: nbformat {(major < 0 ? "missing" : major.ToString(System.Globalization.CultureInfo.InvariantCulture))} is not supported; the engine reads nbformat 4.");
        if (root["cells"] is not JsonArray cells) throw new NotebookFormatException($"{path}: no \"cells\" list.");
        if (root["metadata"] is not (null or JsonObject)) throw new NotebookFormatException($"{path}: \"metadata\" is not a JSON object.");
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject cell || cell["cell_type"] is null || cell["source"] is null)
                throw new NotebookFormatException($"{path}: cell {i + 1} lacks cell_type or source.");
            if (!IsString(cell["cell_type"]))
                throw new NotebookFormatException($"{path}: cell {i + 1}: cell_type is not a string.");
            if (!IsString(cell["source"]) && !(cell["source"] is JsonArray lines && lines.All(IsString)))
                throw new NotebookFormatException($"{path}: cell {i + 1}: source is neither a string nor a list of strings.");
            if (cell["metadata"] is not (null or JsonObject))
                throw new NotebookFormatException($"{path}: cell {i + 1}: metadata is not a JSON object.");
            if (cell["outputs"] is not (null or JsonArray))
                throw new NotebookFormatException($"{path}: cell {i + 1}: outputs is not a list.");
            _ = cell.Count; // materialises the cell's properties, so duplicate keys fail here
        }
        var kernelNode = root["metadata"]?["kernelspec"]?["name"];
        if (kernelNode is not null && !IsString(kernelNode)) throw new NotebookFormatException($"{path}: kernelspec.name is not a string.");
        var kernel = kernelNode?.GetValue<string>();
        if (kernel is not null && !AcceptedKernels.Contains(kernel))
            throw new NotebookFormatException($"{path}: kernel '{kernel}' is not a C# kernel; the engine runs notebooks whose kernelspec is {string.Join(" or ", AcceptedKernels)}.");
        var document = new NotebookDocument(path, root);
        _ = document.CodeCells; // reads every cell's language once, so a bad one fails here
        return document;
    }

    static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    static string OneLine(string text) => text.ReplaceLineEndings(" ");

    /// <summary>Replaces a code cell's outputs and execution count, and records the hash of its source in <c>metadata.course.source_sha256</c>.</summary>
    public void SetOutputs(CodeCell cell, int? executionCount, IEnumerable<CellOutput> outputs)
    {
        var json = (JsonObject)Cells()[cell.Index]!;
        json["execution_count"] = executionCount;
        json["outputs"] = new JsonArray(Merge(outputs).Select(ToJson).ToArray<JsonNode?>());
        var metadata = json["metadata"] as JsonObject ?? new JsonObject();
        json["metadata"] = metadata;
        if (executionCount is null) metadata.Remove("course");
        else metadata["course"] = new JsonObject { ["source_sha256"] = SourceHash(cell.Source) };
    }

    /// <summary>SHA-256 of a cell's source (UTF-8, lowercase hex): lets a test tell when committed outputs no longer match their source.</summary>
    public static string SourceHash(string source) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)));

    /// <summary>The notebook as nbformat 4.5 JSON: ids added where missing (deterministic), keys sorted, one-space indent, final newline.</summary>
    public string Serialize()
    {
        var cells = Cells();
        var ids = new HashSet<string>(cells.Select(c => c!["id"]?.GetValue<string>()).OfType<string>());
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = (JsonObject)cells[i]!;
            if (cell["id"] is not null) continue;
            var id = $"cell-{i + 1}";
            while (!ids.Add(id)) id += "x";
            cell["id"] = id;
        }
        _root["nbformat_minor"] = Math.Max(5, _root["nbformat_minor"]?.GetValue<int>() ?? 0);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 1, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Sorted(_root)!.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Writes <see cref="Serialize"/> to <paramref name="path"/> atomically: a temporary file in the same folder, then a rename.</summary>
    public void Save(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var temp = full + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, Serialize(), new UTF8Encoding(false));
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>
    /// What a terminal leaves of in-place progress: <c>"\r\n"</c> is a newline, and text after a lone
    /// <c>"\r"</c> replaces the line it stands on, so <c>"\rstep 1\rstep 2\rdone\n"</c> keeps <c>"done\n"</c>.
    /// A trailing <c>"\r"</c> with nothing after it yet leaves the line as it was.
    /// </summary>
    public static string ApplyCarriageReturns(string text)
    {
        if (!text.Contains('\r')) return text;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var last = line.LastIndexOf('\r');
            lines[i] = last < 0 ? line : line[(last + 1)..];
        }
        return string.Join('\n', lines);
    }

    /// <summary>The error outputs stored in the notebook, by code cell, in order.</summary>
    public IReadOnlyList<(CodeCell Cell, ErrorOutput Error)> Errors()
    {
        var result = new List<(CodeCell, ErrorOutput)>();
        foreach (var cell in CodeCells)
        {
            if (Cells()[cell.Index]!["outputs"] is not JsonArray outputs) continue;
            foreach (var output in outputs.OfType<JsonObject>().Where(o => StringOrNull(o["output_type"]) == "error"))
            {
                var traceback = output["traceback"] is JsonArray lines ? lines.Select(StringOrNull).OfType<string>().ToList() : [];
                result.Add((cell, new ErrorOutput(StringOrNull(output["ename"]) ?? "Error", StringOrNull(output["evalue"]) ?? "", traceback)));
            }
        }
        return result;
    }

    JsonArray Cells() => (JsonArray)_root["cells"]!;

    static string SourceOf(JsonNode cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>())),
        JsonNode text => text.GetValue<string>(),
        _ => "",
    };

    static string LanguageOf(JsonNode cell) =>
        StringOrNull(cell["metadata"]?["polyglot_notebook"]?["kernelName"])
        ?? StringOrNull(cell["metadata"]?["dotnet_interactive"]?["language"])
        ?? "csharp";

    static string? StringOrNull(JsonNode? node) => IsString(node) ? node!.GetValue<string>() : null;

    static IEnumerable<CellOutput> Merge(IEnumerable<CellOutput> outputs)
    {
        StreamOutput? pending = null;
        foreach (var output in outputs)
        {
            if (output is StreamOutput s && pending is not null && pending.Name == s.Name)
            {
                pending = pending with { Text = pending.Text + s.Text };
                continue;
            }
            if (pending is not null) yield return pending;
            pending = output as StreamOutput;
            if (pending is null) yield return output;
        }
        if (pending is not null) yield return pending;
    }

    static JsonNode ToJson(CellOutput output) => output switch
    {
        StreamOutput s => new JsonObject { ["name"] = s.Name, ["output_type"] = "stream", ["text"] = Lines(ApplyCarriageReturns(s.Text)) },
        DisplayOutput d => new JsonObject
        {
            ["data"] = new JsonObject(d.Data.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Lines(kv.Value)))),
            ["metadata"] = new JsonObject(),
            ["output_type"] = "display_data",
        },
        ErrorOutput e => new JsonObject
        {
            ["ename"] = e.EName,
            ["evalue"] = e.EValue,
            ["output_type"] = "error",
            ["traceback"] = new JsonArray(e.Traceback.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(output)),
    };

    /// <summary>nbformat's multi-line string: a list of lines, each but the last ending in a newline.</summary>
    static JsonArray Lines(string text)
    {
        var lines = new JsonArray();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            lines.Add(text[start..(i + 1)]);
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
