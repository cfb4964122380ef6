namespace AttentionCourse.Tasks;

/// <summary>The two question-answering tasks of <see cref="BabiStories"/>.</summary>
public enum BabiTask
{
    /// <summary>"Where is Anna?": the place of Anna's last move (one supporting sentence).</summary>
    SingleSupportingFact = 1,
    /// <summary>"Where is the apple?": where its last holder was (two supporting sentences).</summary>
    TwoSupportingFacts = 2,
}

/// <summary>
/// One generated story with its question, answer and gold supporting sentences.
/// </summary>
/// <param name="Task">Which task it belongs to.</param>
/// <param name="Sentences">The story's sentences in order, each as lower-case words, e.g. ["anna", "went", "to", "the", "kitchen"].</param>
/// <param name="Question">The question's words, e.g. ["where", "is", "anna"].</param>
/// <param name="Answer">The one-word answer, a place.</param>
/// <param name="Supporting">Indices into <paramref name="Sentences"/> of the gold supporting facts, in the order a reader uses them:
/// task 1 [the person's last move]; task 2 [the object's last pick-up or drop, the holder's last move before it is answered].</param>
/// <param name="Dropped">Task 2: true when the object was put down (its answer is where the holder was then), false when someone
/// still holds it (where the holder is now). Always false in task 1.</param>
public sealed record BabiStory(BabiTask Task, string[][] Sentences, string[] Question, string Answer, int[] Supporting, bool Dropped = false)
{
    /// <summary>Sentence <paramref name="i"/> as text: "Anna went to the kitchen."</summary>
    /// <param name="i">Sentence index.</param>
    public string SentenceText(int i) => BabiStories.AsText(Sentences[i], ".");

    /// <summary>The question as text: "Where is Anna?"</summary>
    public string QuestionText => BabiStories.AsText(Question, "?");

    /// <summary>The story as numbered lines, gold supporting sentences marked *, then the question and its answer.</summary>
    public string Transcript() =>
        string.Join('\n', Sentences.Select((_, i) => $"{(Supporting.Contains(i) ? "*" : " ")} {i + 1,2}. {SentenceText(i)}"))
        + $"\n     {QuestionText} {Answer}";
}

/// <summary>
/// A seeded generator of bAbI-style stories (the task idea is from Weston et al. 2015, "Towards AI-Complete Question
/// Answering: A Set of Prerequisite Toy Tasks", tasks 1 and 2; the word lists, sentences and rules here are the course's
/// own). People move between places and, in task 2, pick up and drop objects; every story ends in a question whose answer
/// is well defined, and the sentences that prove it are recorded. Identical on every machine: fixed word lists and
/// System.Random(seed). Used in chapter 11.
/// </summary>
public static class BabiStories
{
    /// <summary>The people (lower-case; shown capitalised).</summary>
    public static readonly string[] People = ["anna", "bruno", "clara", "david", "emma", "felix"];
    /// <summary>The places, which are also the possible answers.</summary>
    public static readonly string[] Places = ["kitchen", "garden", "cellar", "library", "attic", "porch"];
    /// <summary>The objects of task 2.</summary>
    public static readonly string[] Objects = ["apple", "ball", "key", "book", "cup", "hat"];
    /// <summary>Ways to move; each is followed by "the" and a place.</summary>
    public static readonly string[][] MoveVerbs = [["went", "to"], ["walked", "to"], ["ran", "to"], ["moved", "to"], ["hurried", "to"]];
    /// <summary>Ways to pick up; each is followed by "the" and an object.</summary>
    public static readonly string[][] PickVerbs = [["picked", "up"], ["took"], ["grabbed"]];
    /// <summary>Ways to drop; each is followed by "the" and an object.</summary>
    public static readonly string[][] DropVerbs = [["dropped"], ["put", "down"], ["discarded"]];

    /// <summary>Most sentences in a story of either task (the memory size chapter 11 uses).</summary>
    public const int MaxSentences = 14;
    /// <summary>Most words in a sentence ("anna picked up the apple").</summary>
    public const int MaxWords = 5;

    /// <summary>Every word a story or question can contain, once each, in a fixed order (for a fixed vocabulary).</summary>
    public static IReadOnlyList<string> AllWords =>
        [.. new[] { People, Places, Objects, [.. MoveVerbs.SelectMany(v => v)], [.. PickVerbs.SelectMany(v => v)],
             [.. DropVerbs.SelectMany(v => v)], ["the", "where", "is"] }.SelectMany(w => w).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Generates <paramref name="count"/> stories of one task. Task 1 stories have 4 to 10 sentences, task 2 stories 6 to 14.
    /// </summary>
    /// <param name="task">Which task.</param>
    /// <param name="count">Number of stories.</param>
    /// <param name="seed">Seed of the System.Random that draws everything.</param>
    public static List<BabiStory> Generate(BabiTask task, int count, int seed)
    {
        var random = new Random(seed);
        var stories = new List<BabiStory>(count);
        while (stories.Count < count)
        {
            var story = task == BabiTask.SingleSupportingFact ? SingleFact(random) : TwoFacts(random);
            if (story is not null) stories.Add(story);
        }
        return stories;
    }

    /// <summary>Task 1: only moves; ask about someone who moved, answer their last place.</summary>
    static BabiStory SingleFact(Random random)
    {
        int n = random.Next(4, 11);
        var sentences = new List<string[]>();
        var lastMove = new Dictionary<string, int>(StringComparer.Ordinal);
        var place = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            var person = People[random.Next(People.Length)];
            sentences.Add(Move(random, person, place));
            lastMove[person] = i;
        }
        var movers = People.Where(lastMove.ContainsKey).ToArray();      // fixed order: People's
        var asked = movers[random.Next(movers.Length)];
        return new BabiStory(BabiTask.SingleSupportingFact, [.. sentences], ["where", "is", asked], place[asked], [lastMove[asked]]);
    }

    /// <summary>
    /// Task 2: moves, pick-ups and drops. A person picks up an object only once they are somewhere, and only an object
    /// nobody holds that was never put down or lies where they are; a drop leaves it where the holder is. Ask about an
    /// object that was picked up: held, it is where its holder is now; dropped, where its holder was when dropping it.
    /// Returns null when no object was picked up (the caller draws again).
    /// </summary>
    static BabiStory? TwoFacts(Random random)
    {
        int n = random.Next(6, MaxSentences + 1);
        var sentences = new List<string[]>();
        var place = new Dictionary<string, string>(StringComparer.Ordinal);        // person -> where they are
        var lastMove = new Dictionary<string, int>(StringComparer.Ordinal);        // person -> sentence of their last move
        var holder = new Dictionary<string, string>(StringComparer.Ordinal);       // object -> who holds it
        var lying = new Dictionary<string, string>(StringComparer.Ordinal);        // object -> where it was put down
        var lastTouch = new Dictionary<string, (int Sentence, string Person, int Move)>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            int kind = random.Next(10);                                           // 0-4 move, 5-7 pick up, 8-9 drop
            var person = People[random.Next(People.Length)];
            var held = Objects.Where(holder.ContainsKey).ToArray();               // fixed order: Objects'
            var free = Objects.Where(o => !holder.ContainsKey(o) && (!lying.TryGetValue(o, out var at) || at == place.GetValueOrDefault(person))).ToArray();
            if (kind >= 8 && held.Length > 0)
            {
                var thing = held[random.Next(held.Length)];                       // some holder drops something
                person = holder[thing];
                sentences.Add([person, .. DropVerbs[random.Next(DropVerbs.Length)], "the", thing]);
                holder.Remove(thing);
                lying[thing] = place[person];
                lastTouch[thing] = (i, person, lastMove[person]);
            }
            else if (kind >= 5 && place.ContainsKey(person) && free.Length > 0)
            {
                var thing = free[random.Next(free.Length)];
                sentences.Add([person, .. PickVerbs[random.Next(PickVerbs.Length)], "the", thing]);
                holder[thing] = person;
                lying.Remove(thing);
                lastTouch[thing] = (i, person, -1);
            }
            else
            {
                sentences.Add(Move(random, person, place));
                lastMove[person] = i;
            }
        }
        var touched = Objects.Where(lastTouch.ContainsKey).ToArray();
        if (touched.Length == 0) return null;
        var asked = touched[random.Next(touched.Length)];
        var (fact, who, moveBeforeDrop) = lastTouch[asked];
        bool isHeld = holder.ContainsKey(asked);
        var answer = isHeld ? place[who] : lying[asked];
        var move = isHeld ? lastMove[who] : moveBeforeDrop;
        return new BabiStory(BabiTask.TwoSupportingFacts, [.. sentences], ["where", "is", "the", asked], answer, [fact, move], !isHeld);
    }

    /// <summary>"person went to the place" to a place other than where the person is; updates <paramref name="place"/>.</summary>
    static string[] Move(Random random, string person, Dictionary<string, string> place)
    {
        var choices = Places.Where(p => p != place.GetValueOrDefault(person)).ToArray();
        var to = choices[random.Next(choices.Length)];
        place[person] = to;
        return [person, .. MoveVerbs[random.Next(MoveVerbs.Length)], "the", to];
    }

    /// <summary>Words as a sentence: the first capitalised (invariant culture), names capitalised, ending in <paramref name="end"/>.</summary>
    internal static string AsText(string[] words, string end) =>
        string.Join(' ', words.Select((w, i) => i == 0 || People.Contains(w) ? char.ToUpperInvariant(w[0]) + w[1..] : w)) + end;
}
