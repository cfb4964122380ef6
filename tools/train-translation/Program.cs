// Trains chapter 08's Transformer (English -> Spanish verses) and writes its weights and training log to
// datasets/bible-en-es-transformer/, with their SHA-256 in SHA256SUMS. Seeded and single-threaded, so a rerun on the
// same machine reproduces the files. Usage (from the repository root):
//   dotnet run -c Release --project tools/train-translation -- [--steps 6000] [--out datasets/bible-en-es-transformer]
// --steps N --validate-every N --dry (train without writing) for trials; --keep-all keeps every validation's weights.
using System.Diagnostics;
using System.Globalization;
using AttentionCourse;
using AttentionCourse.Data;
using AttentionCourse.Metrics;
using AttentionCourse.Translation;
using AttentionCourse.Transformer;
using static TorchSharp.torch;

string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
var recipe = new TranslationModel.Recipe();
recipe = recipe with
{
    Steps = int.Parse(Arg("--steps", recipe.Steps.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
    ValidateEvery = int.Parse(Arg("--validate-every", recipe.ValidateEvery.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
};
var output = Arg("--out", Path.Combine(Datasets.Root, TranslationModel.Folder));
var dry = args.Contains("--dry");
var keepAll = args.Contains("--keep-all");   // also keep transformer-step<N>.dat of every validation (for scratch folders)

var wall = Stopwatch.StartNew();
var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
var data = new TranslationData(BibleEnEs.Load());
Console.WriteLine($"split: {data.Split.Kept.Length} of {data.Split.Pairs.Count} pairs kept; train {data.Split.Train.Length}, " +
    $"valid {data.Split.Valid.Length}, test {data.Split.Test.Length}; symbols: English {data.Source.Count}, Spanish {data.Target.Count}; " +
    $"longest source {data.SrcTrain.Max(r => r.Length)}, target {data.TgtTrain.Max(r => r.Length)}; prepared in {wall.Elapsed.TotalSeconds:F1} s");

Seed.Everything(recipe.Seed);
var model = TranslationModel.Create(data);
Console.WriteLine($"{model.parameters().Sum(p => p.numel()):N0} parameters; recipe {recipe}");
var log = new List<string> { "step,train_loss,valid_loss,valid_bleu" };
void Save(int step, IReadOnlyList<double> losses, IReadOnlyDictionary<string, double> metrics)
{
    // Everything is rewritten at each validation, so the folder always holds a consistent model of the last step
    // validated (the schedule does not depend on the total, so it equals a run with --steps <that step>).
    log.Add(string.Create(CultureInfo.InvariantCulture,
        $"{step},{losses.Skip(Math.Max(0, step - 50)).Average():F4},{metrics["valid_loss"]:F4},{metrics["valid_bleu"]:F2}"));
    if (dry) return;
    Directory.CreateDirectory(output);
    model.save(Path.Combine(output, TranslationModel.WeightsFile));
    if (keepAll) File.Copy(Path.Combine(output, TranslationModel.WeightsFile), Path.Combine(output, $"transformer-step{step}.dat"), true);
    File.WriteAllLines(Path.Combine(output, TranslationModel.LogFile), log);
    File.WriteAllLines(Path.Combine(output, Datasets.Manifest), new[] { TranslationModel.WeightsFile, TranslationModel.LogFile }
        .Select(f => $"{Datasets.Sha256(Path.Combine(output, f))}  {f}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"\nstep {step}: valid loss {metrics["valid_loss"]:F4}, valid BLEU {metrics["valid_bleu"]:F2}, learning rate {metrics["learning_rate"]:G4}; saved; {wall.Elapsed.TotalSeconds:F0} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds:F0} s CPU"));
}
var history = TranslationModel.Train(model, data, recipe, bleu: true, checkpoint: Save);

var refs = data.EsTest.Select(r => (IReadOnlyList<string>)r).ToList();
var test = Bleu.Corpus(data.Translate(model, data.SrcTest), refs);
var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
Console.WriteLine($"test (300 verses, greedy) after {history.Steps.Count} steps: {test}");
Console.WriteLine($"{wall.Elapsed.TotalSeconds:F0} s wall, {cpu:F0} s CPU");
