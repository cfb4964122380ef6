using AttentionCourse.Text;
using AttentionCourse.Data;
using AttentionCourse.Memory;
using AttentionCourse.Tasks;
using AttentionCourse.Training;
using static TorchSharp.torch;

namespace AttentionCourse.Tests.Memory;

public class MemoryTrainingTests
{
    public MemoryTrainingTests() => T.Init();

    [Fact]
    public void Encoding_puts_sentence_s_in_slot_s_and_the_answer_as_a_word_id()
    {
        var vocab = StoryEncoding.Vocabulary();
        var story = new BabiStory(BabiTask.SingleSupportingFact, [["anna", "went", "to", "the", "attic"], ["bruno", "ran", "to", "the", "porch"]],
            ["where", "is", "anna"], "attic", [0]);
        var data = StoryEncoding.Encode([story], vocab);
        Assert.Equal(new long[] { 1, BabiStories.MaxSentences, BabiStories.MaxWords }, data.Stories.shape);
        Assert.Equal(new[] { vocab["bruno"], vocab["ran"], vocab["to"], vocab["the"], vocab["porch"] }, data.Stories[0, 1].data<long>().ToArray());
        Assert.Equal(0, data.Stories[0, 2..].abs().sum().item<long>());
        Assert.Equal(new[] { vocab["where"], vocab["is"], vocab["anna"], 0, 0 }, data.Queries[0].data<long>().ToArray());
        Assert.Equal(vocab["attic"], data.Answers[0].item<long>());
        Assert.DoesNotContain(WordVocabularyUnk(), data.Stories.data<long>().ToArray());
    }

    static long WordVocabularyUnk() => AttentionCourse.Text.WordVocabulary.UNK;

    [Fact]
    public void Hop_on_gold_counts_the_argmax_of_each_hop_against_the_supporting_sentences()
    {
        var stories = new[]
        {
            new BabiStory(BabiTask.TwoSupportingFacts, new string[3][], [], "attic", [1, 0]),
            new BabiStory(BabiTask.TwoSupportingFacts, new string[3][], [], "attic", [2, 1]),
        };
        float[][][] weights =
        [
            [[0.1f, 0.8f, 0.1f], [0.7f, 0.2f, 0.1f]],    // hop 1 on fact 0, hop 2 on fact 1
            [[0.6f, 0.3f, 0.1f], [0.1f, 0.3f, 0.6f]],    // hop 1 on no fact, hop 2 on fact 0
        ];
        Assert.Equal([0.5, 1.0], MemoryTraining.HopOnGold(weights, stories));
        Assert.Equal([0.5, 0.5], MemoryTraining.HopOnGold(weights, stories, fact: 0));
        Assert.Equal([0.0, 0.5], MemoryTraining.HopOnGold(weights, stories, fact: 1));
    }

    [Fact]
    public void A_short_training_run_learns_task_1_far_above_chance_and_restores_the_thread_count()
    {
        var vocab = StoryEncoding.Vocabulary();
        var train = StoryEncoding.Encode(BabiStories.Generate(BabiTask.SingleSupportingFact, 800, seed: 1), vocab);
        var testStories = BabiStories.Generate(BabiTask.SingleSupportingFact, 300, seed: 2);
        var test = StoryEncoding.Encode(testStories, vocab);
        var model = new MemoryNetwork(MemoryNetworkConfig.OneHop(vocab.Count, BabiStories.MaxSentences));
        int threads = get_num_threads();
        var before = MemoryTraining.Evaluate(model, test).Accuracy;
        var losses = Trainer.Fit(model, optim.Adam(model.parameters(), lr: 1e-2),
            Batches.Permuted([train.Stories, train.Queries, train.Answers], 32, new Generator(0)),
            b => nn.functional.cross_entropy(model.forward(b[0], b[1]).logits, b[2]), b => b[0].shape[0],
            TrainingConfig.Quiet with { Epochs = 8, MaxGradNorm = 40, Threads = 1 }).Epochs.Select(e => e.Loss).ToList();
        var after = MemoryTraining.Evaluate(model, test);
        Assert.Equal(threads, get_num_threads());
        Assert.Equal(8, losses.Count);
        Assert.True(losses[^1] < losses[0] / 2, $"loss {losses[0]:F3} -> {losses[^1]:F3}");
        Assert.True(after.Accuracy > 0.6, $"accuracy {after.Accuracy:P1} (chance 1/6, before training {before:P1})");
        Assert.Equal(after.Accuracy, after.Correct.Average(c => c ? 1.0 : 0.0), 9);
        Assert.True(MemoryTraining.HopOnGold(after.HopWeights, testStories)[0] > 0.5);
        Assert.All(Enumerable.Range(0, testStories.Count), n => Assert.Equal(testStories[n].Sentences.Length, after.HopWeights[n][0].Length));
    }

    [Fact]
    public void Hop_figure_puts_each_sentence_on_its_own_row_and_marks_the_gold_ones()
    {
        var story = new BabiStory(BabiTask.TwoSupportingFacts,
            [["anna", "went", "to", "the", "attic"], ["anna", "took", "the", "cup"], ["bruno", "ran", "to", "the", "porch"]],
            ["where", "is", "the", "cup"], "attic", [1, 0]);
        float[][] hops = [[0.1f, 0.7f, 0.2f], [0.5f, 0.3f, 0.2f]];
        var (values, rows, columns) = MemoryFigures.HopTable(story, hops);
        Assert.Equal(["* Anna went to the attic.", "* Anna took the cup.", "Bruno ran to the porch."], rows);
        Assert.Equal(["hop 1", "hop 2"], columns);
        Assert.Equal(0.7, values[1, 0], 6);
        Assert.Equal(0.5, values[0, 1], 6);
        Assert.Contains("* Anna took the cup.", MemoryFigures.Hops(story, hops, "attic").Description);
    }
}
