using AttentionCourse.Tasks;

namespace AttentionCourse.Tests.Tasks;

public class BabiStoriesTests
{
    static string Flat(BabiStory s) =>
        string.Join(" | ", s.Sentences.Select(w => string.Join(' ', w))) + " ? " + string.Join(' ', s.Question) + " = " + s.Answer;

    [Theory]
    [InlineData(BabiTask.SingleSupportingFact)]
    [InlineData(BabiTask.TwoSupportingFacts)]
    public void Same_seed_gives_identical_stories_and_another_seed_differs(BabiTask task)
    {
        var a = BabiStories.Generate(task, 200, seed: 3);
        var b = BabiStories.Generate(task, 200, seed: 3);
        var c = BabiStories.Generate(task, 200, seed: 4);
        Assert.Equal(a.Select(Flat), b.Select(Flat));
        Assert.Equal(a.Select(s => string.Join(",", s.Supporting)), b.Select(s => string.Join(",", s.Supporting)));
        Assert.NotEqual(a.Select(Flat), c.Select(Flat));
    }

    [Fact]
    public void The_first_stories_of_seed_0_are_pinned_so_a_change_of_generator_is_noticed()
    {
        // Notebook 11's committed numbers come from these streams; if this test fails, re-run the notebook too.
        Assert.Equal("emma ran to the attic | bruno hurried to the library | clara walked to the porch | bruno moved to the cellar | "
            + "clara went to the attic | felix moved to the porch | bruno hurried to the porch | felix moved to the kitchen | "
            + "david moved to the porch ? where is david = porch",
            Flat(BabiStories.Generate(BabiTask.SingleSupportingFact, 1, seed: 0)[0]));
        var two = BabiStories.Generate(BabiTask.TwoSupportingFacts, 1, seed: 0)[0];
        Assert.Equal("emma walked to the library | felix hurried to the cellar | bruno moved to the cellar | felix hurried to the kitchen | "
            + "emma grabbed the ball | emma discarded the ball | felix took the cup | bruno walked to the library | felix dropped the cup | "
            + "clara ran to the porch | anna hurried to the garden | clara picked up the key ? where is the ball = library", Flat(two));
        Assert.Equal([5, 0], two.Supporting);
        Assert.True(two.Dropped);
    }

    /// <summary>
    /// An independent replay: reads each sentence's words (who, what verb, which thing), keeps a small world state, refuses
    /// impossible events, and answers the question from that state alone.
    /// </summary>
    static (string Answer, int[] Supporting, bool Dropped) Replay(BabiStory story)
    {
        var movesVerbs = new HashSet<string> { "went", "walked", "ran", "moved", "hurried" };
        var pickFirst = new HashSet<string> { "picked", "took", "grabbed" };
        var dropFirst = new HashSet<string> { "dropped", "put", "discarded" };
        var at = new Dictionary<string, (string Place, int Line)>();                 // person -> where, since which sentence
        var inHand = new Dictionary<string, (string Person, int Line)>();             // object -> holder, since which sentence
        var onFloor = new Dictionary<string, (string Place, int Line, int HolderMove)>(); // object -> where it lies
        for (int line = 0; line < story.Sentences.Length; line++)
        {
            var w = story.Sentences[line];
            string who = w[0], verb = w[1], thing = w[^1];
            Assert.Contains(who, BabiStories.People);
            Assert.Equal("the", w[^2]);
            if (movesVerbs.Contains(verb))
            {
                Assert.Equal("to", w[2]);
                Assert.Contains(thing, BabiStories.Places);
                if (at.TryGetValue(who, out var before)) Assert.NotEqual(before.Place, thing);   // a move goes somewhere new
                at[who] = (thing, line);
            }
            else if (pickFirst.Contains(verb))
            {
                Assert.True(at.ContainsKey(who), $"{who} picks up the {thing} before being anywhere");
                Assert.False(inHand.ContainsKey(thing), $"the {thing} is already held");
                if (onFloor.TryGetValue(thing, out var lying)) Assert.Equal(lying.Place, at[who].Place);
                onFloor.Remove(thing);
                inHand[thing] = (who, line);
            }
            else
            {
                Assert.Contains(verb, dropFirst);
                Assert.True(inHand.TryGetValue(thing, out var held) && held.Person == who, $"{who} drops the {thing} without holding it");
                inHand.Remove(thing);
                onFloor[thing] = (at[who].Place, line, at[who].Line);
            }
        }
        var asked = story.Question[^1];
        if (story.Task == BabiTask.SingleSupportingFact)
            return (at[asked].Place, [at[asked].Line], false);
        if (inHand.TryGetValue(asked, out var h))
            return (at[h.Person].Place, [h.Line, at[h.Person].Line], false);
        var f = onFloor[asked];
        return (f.Place, [f.Line, f.HolderMove], true);
    }

    [Theory]
    [InlineData(BabiTask.SingleSupportingFact)]
    [InlineData(BabiTask.TwoSupportingFacts)]
    public void Replaying_each_story_gives_its_answer_and_its_supporting_sentences(BabiTask task)
    {
        foreach (var story in BabiStories.Generate(task, 2000, seed: 5))
        {
            var (answer, supporting, dropped) = Replay(story);
            Assert.Equal(answer, story.Answer);
            Assert.Equal(supporting, story.Supporting);
            Assert.Equal(dropped, story.Dropped);
        }
    }

    [Theory]
    [InlineData(BabiTask.SingleSupportingFact, 4, 10, 1)]
    [InlineData(BabiTask.TwoSupportingFacts, 6, 14, 2)]
    public void Stories_have_their_lengths_short_sentences_and_distractors(BabiTask task, int min, int max, int facts)
    {
        var stories = BabiStories.Generate(task, 1000, seed: 6);
        Assert.All(stories, s =>
        {
            Assert.InRange(s.Sentences.Length, min, max);
            Assert.True(s.Sentences.Length <= BabiStories.MaxSentences);
            Assert.All(s.Sentences, w => Assert.InRange(w.Length, 4, BabiStories.MaxWords));
            Assert.Equal(facts, s.Supporting.Distinct().Count());
            Assert.Contains(s.Answer, BabiStories.Places);
            Assert.True(s.Sentences.Length - facts >= 2, "at least two distractor sentences");
        });
        Assert.InRange(stories.Max(s => s.Sentences.Length), max - 1, max);
    }

    [Fact]
    public void Answers_and_cases_are_spread_so_no_shortcut_wins()
    {
        foreach (var task in new[] { BabiTask.SingleSupportingFact, BabiTask.TwoSupportingFacts })
        {
            var stories = BabiStories.Generate(task, 3000, seed: 7);
            foreach (var place in BabiStories.Places)
                Assert.InRange(stories.Count(s => s.Answer == place) / 3000.0, 0.10, 0.24);
            // The newest sentence is rarely the answer, and the newest move of anyone answers only a minority.
            Assert.True(stories.Count(s => s.Supporting.Contains(s.Sentences.Length - 1)) / 3000.0 < 0.4);
            var lastMovePlace = stories.Count(s => s.Answer == s.Sentences.Last(w => BabiStories.Places.Contains(w[^1]))[^1]) / 3000.0;
            Assert.True(lastMovePlace < 0.5, $"the last place mentioned answers {lastMovePlace:P0}");
        }
        var two = BabiStories.Generate(BabiTask.TwoSupportingFacts, 3000, seed: 7);
        Assert.InRange(two.Average(s => s.Dropped ? 1.0 : 0.0), 0.15, 0.6);
    }

    [Fact]
    public void Sentences_and_questions_read_as_text_with_capitalised_names()
    {
        var s = new BabiStory(BabiTask.TwoSupportingFacts, [["anna", "picked", "up", "the", "apple"]], ["where", "is", "the", "apple"], "kitchen", [0, 0]);
        Assert.Equal("Anna picked up the apple.", s.SentenceText(0));
        Assert.Equal("Where is the apple?", s.QuestionText);
        Assert.Equal("Where is Bruno?", new BabiStory(BabiTask.SingleSupportingFact, [], ["where", "is", "bruno"], "attic", [0]).QuestionText);
        Assert.Equal("*  1. Anna picked up the apple.\n     Where is the apple? kitchen", s.Transcript());
    }

    [Fact]
    public void Every_word_is_in_the_word_list_once()
    {
        var words = BabiStories.AllWords;
        Assert.Equal(words.Count, words.Distinct().Count());
        foreach (var task in new[] { BabiTask.SingleSupportingFact, BabiTask.TwoSupportingFacts })
            foreach (var s in BabiStories.Generate(task, 500, seed: 8))
                Assert.All(s.Sentences.SelectMany(w => w).Concat(s.Question), w => Assert.Contains(w, words));
    }
}
